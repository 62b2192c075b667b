package io.prewarm.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (an API key or a client address): capacity {@code perMinute} tokens,
 * refilled continuously at {@code perMinute} per 60 s, one token per request. A refused request
 * takes nothing. A full bucket is the same as no bucket, so buckets that have filled up again are
 * dropped every few seconds: the table holds only callers seen in about the last minute, and never
 * more than {@code maxBuckets}, so a flood of distinct addresses cannot grow it without bound. The
 * clock is injected (nanoseconds, as {@link System#nanoTime}) so tests need no sleeps. Levels are
 * whole numbers ({@code TOKEN} units per token, {@code perMinute} units per nanosecond), so a
 * Retry-After is exact, not off by one from rounding.
 */
final class RateLimiter {
    static final int DEFAULT_MAX_BUCKETS = 100_000;
    /** Keeps {@code perMinute * TOKEN} well inside a long. */
    static final int MAX_PER_MINUTE = 1_000_000;
    private static final long REFILL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long TOKEN = REFILL_NANOS;
    private static final long SWEEP_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Immutable, so a sweep removing a bucket cannot undo a concurrent take from it. */
    private record Bucket(long level, long stamp) {
    }

    private final int perMinute;
    private final int maxBuckets;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep;

    RateLimiter(int perMinute, int maxBuckets, LongSupplier nanos) {
        if (perMinute < 1 || perMinute > MAX_PER_MINUTE || maxBuckets < 1) {
            throw new IllegalArgumentException("perMinute must be 1 to " + MAX_PER_MINUTE + ", maxBuckets at least 1");
        }
        this.perMinute = perMinute;
        this.maxBuckets = maxBuckets;
        this.nanos = nanos;
        this.lastSweep = new AtomicLong(nanos.getAsLong());
    }

    int perMinute() {
        return perMinute;
    }

    /** Takes a token for {@code caller}: 0 when taken, else the whole seconds (at least 1) until one is there. */
    long tryAcquire(String caller) {
        long now = nanos.getAsLong();
        sweepIfDue(now);
        if (buckets.size() >= maxBuckets && !buckets.containsKey(caller)) {
            // table full of callers that are all still limited: a newcomer waits for the next sweep
            return 1;
        }
        long[] waitNanos = {0};
        buckets.compute(caller, (k, bucket) -> {
            long level = bucket == null ? capacity() : levelAt(bucket, now);
            if (level >= TOKEN) {
                return new Bucket(level - TOKEN, now);
            }
            waitNanos[0] = ceilDiv(TOKEN - level, perMinute);
            return bucket;
        });
        return waitNanos[0] == 0 ? 0 : Math.max(1, ceilDiv(waitNanos[0], SECOND));
    }

    int bucketCount() {
        return buckets.size();
    }

    private long capacity() {
        return perMinute * TOKEN;
    }

    private long levelAt(Bucket bucket, long now) {
        long elapsed = Math.min(REFILL_NANOS, Math.max(0, now - bucket.stamp())); // a minute fills any bucket
        return Math.min(capacity(), bucket.level() + elapsed * perMinute);
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }

    private void sweepIfDue(long now) {
        long last = lastSweep.get();
        boolean due = now - last >= SWEEP_NANOS || (buckets.size() >= maxBuckets && now - last >= SECOND);
        if (due && lastSweep.compareAndSet(last, now)) {
            buckets.values().removeIf(bucket -> levelAt(bucket, now) >= capacity());
        }
    }
}
