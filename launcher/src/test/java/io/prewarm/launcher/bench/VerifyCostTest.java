package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verify case's figures: requests per task over every run, the on/off rate, exactness of both. */
class VerifyCostTest {
    private static Map<String, Object> run(double tasksPerSecond, long tasks, Long edgeRequests, Long originRequests, long verified, boolean exact) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks);
        m.put("tasksPerSecond", tasksPerSecond);
        m.put("cpuMicrosPerTask", 100.0);
        if (edgeRequests != null) {
            m.put("edgeRequests", edgeRequests);
        }
        if (originRequests != null) {
            m.put("originRequests", originRequests);
        }
        m.put("verifiedTasks", verified);
        m.put("exact", exact);
        return m;
    }

    @Test
    void requestsPerTaskAreOverEveryRunAndTheRateIsOnAgainstOff() {
        Map<String, Object> m = VerifyCost.summary(100, Duration.ofMillis(20),
                List.of(run(10_000, 3_400, 3_400L, 3_400L, 0, true), run(12_000, 3_400, 3_400L, 3_400L, 0, true)),
                List.of(run(5_000, 3_400, 6_800L, 3_400L, 3_400, true), run(6_000, 3_400, 6_799L, 3_400L, 3_399, true)));

        assertEquals(1.0, m.get("offEdgeRequestsPerTask"));
        assertEquals(2.0, m.get("onEdgeRequestsPerTask"));
        assertEquals(1.0, m.get("onOriginRequestsPerTask"), "the verification never reaches the origin");
        assertEquals(0.5, m.get("onToOff"));
        assertEquals(6_799L, m.get("verifiedTasks"));
        assertTrue((Boolean) m.get("exact"));
    }

    @Test
    void anEdgeThatCannotCountGivesNoFigureRatherThanZeroAndOneInexactRunMakesTheCaseInexact() {
        Map<String, Object> m = VerifyCost.summary(10, Duration.ofMillis(20), List.of(run(1_000, 340, null, 340L, 0, true)),
                List.of(run(800, 340, null, 340L, 300, false)));

        assertNull(m.get("onEdgeRequestsPerTask"));
        assertEquals(1.0, m.get("onOriginRequestsPerTask"));
        assertFalse((Boolean) m.get("exact"));
    }
}
