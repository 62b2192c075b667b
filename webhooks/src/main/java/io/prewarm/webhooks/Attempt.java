package io.prewarm.webhooks;

import java.time.Duration;

/**
 * How one POST of a callback ended, as data: the HTTP status when an answer came ({@code error} null),
 * or no status and why not (refused address, DNS, connect, timeout); {@code retryAfter} is the
 * answer's {@code Retry-After} in seconds, when it had one. {@link Backoff} decides what follows.
 */
public record Attempt(Integer status, String error, Duration retryAfter) {

    public Attempt(Integer status, String error) {
        this(status, error, null);
    }

    public static Attempt answered(int status, Duration retryAfter) {
        return new Attempt(status, null, retryAfter);
    }

    public static Attempt failed(String error) {
        return new Attempt(null, error, null);
    }
}
