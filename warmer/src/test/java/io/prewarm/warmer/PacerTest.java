package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How long a retry waits: what the PoP asked for, else the base doubled per attempt with jitter. */
class PacerTest {
    private static final Duration BASE = Duration.ofMillis(500);

    @Test
    void aRetryAfterInSecondsIsWhatTheRetryWaits() {
        EdgeResponse busy = new EdgeResponse(503, null, "ATL56-C1", null, 0, null, null, null, "7", Optional.empty());
        assertEquals(7_000, Pacer.retryDelayMillis(1, busy, BASE));
    }

    @Test
    void withoutOneTheWaitDoublesPerAttemptWithinHalfToAllOfIt() {
        for (int attempt = 1; attempt <= 4; attempt++) {
            long whole = BASE.toMillis() << (attempt - 1);
            for (int i = 0; i < 200; i++) {
                long wait = Pacer.retryDelayMillis(attempt, null, BASE);
                assertTrue(wait >= whole / 2 && wait <= whole, "attempt " + attempt + ": " + wait + " of " + whole);
            }
        }
        EdgeResponse error = new EdgeResponse(500, null, "ATL56-C1", null, 0);
        long wait = Pacer.retryDelayMillis(2, error, BASE);
        assertTrue(wait >= 500 && wait <= 1_000, String.valueOf(wait));
    }
}
