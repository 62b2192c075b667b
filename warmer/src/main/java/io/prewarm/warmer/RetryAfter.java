package io.prewarm.warmer;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * A {@code Retry-After} value (RFC 9110 10.2.3: seconds, or an HTTP date) as a wait from now,
 * capped at {@link #MAX}: a PoP that asks for an hour is tried again after ten minutes, so a
 * typo at the edge cannot park a job for the rest of its life. An unreadable value is no value.
 */
final class RetryAfter {
    static final Duration MAX = Duration.ofMinutes(10);

    private RetryAfter() {
    }

    /** Milliseconds to wait from {@code nowMs}, or empty when {@code value} is absent or unreadable. */
    static OptionalLong millis(String value, long nowMs) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        long wait;
        if (v.matches("\\d{1,10}")) {
            wait = Long.parseLong(v) * 1000;
        } else {
            try {
                wait = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - nowMs;
            } catch (DateTimeParseException e) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Math.max(0, Math.min(wait, MAX.toMillis())));
    }
}
