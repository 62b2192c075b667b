package io.prewarm.webhooks;

import io.prewarm.webhooks.DeliveryState.State;
import java.time.Duration;
import java.util.List;

/**
 * The retry policy of callbacks, in one pure place: which answers are worth another attempt, when the
 * next one is due, and when to stop. Retried: no answer at all (connection errors, timeouts, and
 * refused addresses too, since the name may resolve elsewhere later), 5xx, 408 and 429, after 10 s,
 * 30 s, 1, 2, 5, 10 and 30 min, then hourly, never sooner than the receiver's {@code Retry-After} on
 * 429 and 503 (capped at an hour); a delivery whose next attempt would fall more than 24 h after its
 * creation gives up. Not retried: 2xx (delivered), 3xx (redirects are not followed: a callback that
 * moves must be configured anew) and every other 4xx (the receiver does not want it).
 */
public final class Backoff {
    static final List<Duration> DELAYS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30));
    static final Duration LATER = Duration.ofHours(1);
    static final Duration HORIZON = Duration.ofHours(24);
    static final Duration RETRY_AFTER_CAP = Duration.ofHours(1);

    /** What an attempt means for its delivery. */
    public enum Verdict { DELIVERED, RETRY, FAILED }

    private Backoff() {
    }

    public static Verdict classify(Attempt attempt) {
        if (attempt.status() == null) {
            return Verdict.RETRY;
        }
        int status = attempt.status();
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        return status >= 500 && status < 600 || status == 408 || status == 429 ? Verdict.RETRY : Verdict.FAILED;
    }

    /** The wait after the {@code attempts}-th attempt failed (1 for the first). */
    public static Duration delayAfter(int attempts) {
        return attempts >= 1 && attempts <= DELAYS.size() ? DELAYS.get(attempts - 1) : LATER;
    }

    /** {@code state} after {@code attempt}, which finished at {@code now}. */
    public static DeliveryState next(DeliveryState state, Attempt attempt, long now) {
        int attempts = state.attempts() + 1;
        return switch (classify(attempt)) {
            case DELIVERED -> state.attempted(State.DELIVERED, 0, attempt.status(), null, now);
            case FAILED -> state.attempted(State.FAILED, 0, attempt.status(), attempt.error(), 0);
            case RETRY -> {
                long at = now + wait(attempts, attempt).toMillis();
                yield at > state.createdAt() + HORIZON.toMillis()
                        ? state.attempted(State.GAVE_UP, 0, attempt.status(), attempt.error(), 0)
                        : state.attempted(State.PENDING, at, attempt.status(), attempt.error(), 0);
            }
        };
    }

    /**
     * The seconds of a {@code Retry-After} header, or null when absent or not a number of seconds (an
     * HTTP date falls back on the schedule).
     */
    public static Duration retryAfter(String header) {
        if (header == null || !header.trim().matches("[0-9]{1,9}")) {
            return null;
        }
        return Duration.ofSeconds(Long.parseLong(header.trim()));
    }

    private static Duration wait(int attempts, Attempt attempt) {
        Duration scheduled = delayAfter(attempts);
        boolean asked = attempt.retryAfter() != null && attempt.status() != null
                && (attempt.status() == 429 || attempt.status() == 503);
        if (!asked) {
            return scheduled;
        }
        Duration wanted = attempt.retryAfter().compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : attempt.retryAfter();
        return wanted.compareTo(scheduled) > 0 ? wanted : scheduled;
    }
}
