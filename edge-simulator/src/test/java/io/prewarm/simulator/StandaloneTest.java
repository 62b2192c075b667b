package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StandaloneTest {

    @Test
    void anOverloadedPopAnswersItsStatusWithRetryAfter() {
        Map<String, Fault.Status> overloads = Standalone.overloads("ATL56-C1:503:2, FRA56-P2:429");

        assertEquals(Fault.status(503, Map.of("Retry-After", "2")), overloads.get("ATL56-C1"));
        assertEquals(Fault.status(429), overloads.get("FRA56-P2"));
        assertTrue(Standalone.overloads("").isEmpty());
    }

    @Test
    void aBadOverloadNamesTheVariable() {
        for (String bad : new String[] {"ATL56-C1", "ATL56-C1:busy", "ATL56-C1:503:-1", "ATL56-C1:700", ":503"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Standalone.overloads(bad), bad);
            assertTrue(e.getMessage().startsWith("SIM_OVERLOAD_POP"), e.getMessage());
        }
    }
}
