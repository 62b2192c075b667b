package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate caps' bucket on a clock the test moves: any 1 s window, fractional rates, reservations in debt. */
class TokenBucketTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private void advanceMillis(long ms) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    /** The most of {@code times} (ns) within any window [t, t + 1 s). */
    private static int busiestSecond(List<Long> times) {
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    @Test
    void aGreedySenderNeverGetsMoreThanTheRatePlusTheBurstInAnyOneSecond() {
        TokenBucket bucket = new TokenBucket(50, nanos::get);
        List<Long> sent = new ArrayList<>();
        for (int ms = 0; ms < 10_000; ms++) {
            while (bucket.tryTake()) {
                sent.add(nanos.get());
            }
            advanceMillis(1);
        }
        assertEquals(2.5, TokenBucket.burstOf(50));
        assertTrue(busiestSecond(sent) <= 52, "busiest second: " + busiestSecond(sent));
        assertTrue(sent.size() >= 500 && sent.size() <= 503, "about the rate over 10 s: " + sent.size());
    }

    @Test
    void aFractionalRateSendsOneRequestEveryFewSeconds() {
        TokenBucket bucket = new TokenBucket(1 / 8.0, nanos::get); // max_rate 1 over 8 partitions
        assertTrue(bucket.tryTake(), "a burst of at least one");
        assertFalse(bucket.tryTake());
        assertEquals(TimeUnit.SECONDS.toNanos(8), bucket.nanosUntilToken(), 1_000);
        advanceMillis(7_999);
        assertFalse(bucket.tryTake());
        advanceMillis(1);
        assertTrue(bucket.tryTake());
    }

    @Test
    void reservationsGoInDebtAtTheRateAndHoldBackFirstAttemptsUntilRepaid() {
        TokenBucket bucket = new TokenBucket(10, nanos::get);
        assertEquals(0, bucket.reserve());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(100), bucket.reserve());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(200), bucket.reserve());
        assertFalse(bucket.tryTake(), "in debt");
        advanceMillis(200);
        assertFalse(bucket.tryTake(), "the last reservation is due only now");
        advanceMillis(100);
        assertTrue(bucket.tryTake());
    }

    @Test
    void aRefundGivesBackTheTokenAndALowerRateDropsTheExcessBurst() {
        TokenBucket bucket = new TokenBucket(100, nanos::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.tryTake());
        }
        assertFalse(bucket.tryTake());
        bucket.refund();
        assertTrue(bucket.tryTake());
        advanceMillis(1_000);
        bucket.rate(10);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake(), "the burst of rate 10 is one request");
    }
}
