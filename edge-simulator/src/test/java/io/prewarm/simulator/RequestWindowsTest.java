package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestWindowsTest {
    private static final long MS = 1_000_000;
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void countsTheBusiestWindowWhereverItStarts() {
        // 3 requests in [0, 900] ms and 4 in [1500, 2400]: the busiest second holds 4.
        List<Request> requests = at("ATL56-C1", 0, 400, 900, 1500, 1700, 2000, 2400);

        assertEquals(4, RequestWindows.maxInAnyWindow(requests, SECOND, r -> true));
        assertEquals(7, RequestWindows.maxInAnyWindow(requests, Duration.ofMillis(2401), r -> true));
    }

    @Test
    void aWindowIsHalfOpen() {
        List<Request> requests = at("ATL56-C1", 0, 1000, 2000);

        assertEquals(1, RequestWindows.maxInAnyWindow(requests, SECOND, r -> true));
        assertEquals(2, RequestWindows.maxInAnyWindow(requests, Duration.ofMillis(1001), r -> true));
    }

    @Test
    void countsOnlyTheChosenRequestsAndToleratesOutOfOrderRecording() {
        List<Request> requests = new java.util.ArrayList<>(at("ATL56-C1", 500, 100, 300));
        requests.addAll(at("IAD89-C1", 200, 250, 260, 270));

        assertEquals(3, RequestWindows.maxInAnyWindow(requests, SECOND, r -> r.pop().equals("ATL56-C1")));
        assertEquals(4, RequestWindows.maxInAnyWindow(requests, SECOND, r -> r.pop().equals("IAD89-C1")));
        assertEquals(7, RequestWindows.maxInAnyWindow(requests, SECOND, r -> true));
        assertEquals(0, RequestWindows.maxInAnyWindow(requests, SECOND, r -> r.pop().equals("NRT57-P3")));
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RequestWindows.maxInAnyWindow(List.of(), Duration.ZERO, r -> true));
    }

    private static List<Request> at(String pop, long... millis) {
        return Arrays.stream(millis).mapToObj(ms -> new Request(pop, false, null, "www.example.com", "/x", null,
                Map.of(), ms * MS, Instant.EPOCH.plusMillis(ms))).toList();
    }
}
