package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - TimeUnit.MINUTES.toNanos(1)); // differences survive overflow

    @Test
    void retryAfterIsWholeSecondsRoundedUp() {
        RateLimiter limiter = new RateLimiter(7, 10, nanos::get);
        for (int i = 0; i < 7; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        assertEquals(9, limiter.tryAcquire("a"), "a token takes 60/7 = 8.6 s");
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        RateLimiter limiter = new RateLimiter(6000, 10, nanos::get);
        for (int i = 0; i < 6000; i++) {
            assertEquals(0, limiter.tryAcquire("a"));
        }
        assertEquals(1, limiter.tryAcquire("a"), "a token takes 10 ms");
    }

    @Test
    void bucketsThatFilledUpAgainAreDropped() {
        RateLimiter limiter = new RateLimiter(5, RateLimiter.DEFAULT_MAX_BUCKETS, nanos::get);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("10.0.0." + i);
        }
        assertEquals(1000, limiter.bucketCount());
        advance(61);
        limiter.tryAcquire("10.9.9.9");
        assertEquals(1, limiter.bucketCount());
    }

    @Test
    void aBucketStillRefillingIsKept() {
        RateLimiter limiter = new RateLimiter(2, 10, nanos::get);
        limiter.tryAcquire("a");
        limiter.tryAcquire("a");
        advance(20);
        limiter.tryAcquire("b");
        assertEquals(2, limiter.bucketCount());
        assertEquals(10, limiter.tryAcquire("a"), "a's empty bucket was not reset to full by the sweep");
    }

    @Test
    void theTableNeverGrowsPastItsBound() {
        RateLimiter limiter = new RateLimiter(5, 10, nanos::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(0, limiter.tryAcquire("caller " + i));
        }
        assertEquals(1, limiter.tryAcquire("newcomer"), "no room: the newcomer waits");
        assertEquals(10, limiter.bucketCount());
        assertEquals(0, limiter.tryAcquire("caller 3"), "callers already in the table go on as usual");
        advance(60);
        assertEquals(0, limiter.tryAcquire("newcomer"), "full buckets were swept, making room");
    }

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
