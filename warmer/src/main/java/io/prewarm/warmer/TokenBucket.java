package io.prewarm.warmer;

import java.util.function.LongSupplier;

/**
 * A token bucket of {@code rate} requests per second holding at most {@link #burstOf} tokens, so
 * over any window of T seconds at most {@code rate x T + burst} requests are sent: at most
 * {@code rate + burst} in any 1 s window. Rates may be fractions (1 request every 8 s is 0.125).
 * A request either takes a token now or not at all ({@link #tryTake}, the consumer loop's first
 * attempts), or reserves one and is told how long to wait for it ({@link #reserve}, retries and
 * verifications, which must go): the bucket then runs into debt, and nothing else takes a token
 * until it is repaid, so the reserved requests go at exactly the rate. Not thread-safe: its owner
 * ({@link LocalJobs}) guards it.
 */
final class TokenBucket {
    private static final double NANOS = 1e9;
    private final LongSupplier nanoTime;
    private double rate;
    private double burst;
    private double tokens;
    private long at;

    TokenBucket(double rate, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.at = nanoTime.getAsLong();
        rate(rate);
        this.tokens = burst;
    }

    /** The burst a rate allows: a twentieth of a second's worth, at least one request. */
    static double burstOf(double rate) {
        return Math.max(1, rate / 20);
    }

    /** Changes the rate from now on (a rebalance changed this warmer's share); tokens beyond the new burst are dropped. */
    void rate(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + perSecond);
        }
        refill();
        rate = perSecond;
        burst = burstOf(perSecond);
        tokens = Math.min(tokens, burst);
    }

    double rate() {
        return rate;
    }

    /** Takes a token if one is there now. */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Gives back a token just taken and not used. */
    void refund() {
        tokens = Math.min(burst, tokens + 1);
    }

    /** Takes a token, in debt if need be; nanoseconds until it is due (0: now). */
    long reserve() {
        refill();
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / rate * NANOS);
    }

    /** Nanoseconds until {@link #tryTake} can succeed (0: now). */
    long nanosUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / rate * NANOS);
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - at) * rate / NANOS);
        at = now;
    }
}
