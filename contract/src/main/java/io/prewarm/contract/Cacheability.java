package io.prewarm.contract;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Whether an edge answer may be kept by a shared cache, read from its headers as RFC 9111 says
 * for a shared cache, and whether an {@code X-Cache} value says the answer came from the cache.
 * The warmer asks here about every answer; the status store and the dashboard show what it said.
 *
 * <p>An answer cannot be cached when {@code Cache-Control} says {@code no-store}, {@code private}
 * or {@code no-cache}, when its shared-cache lifetime is zero ({@code s-maxage=0}, or
 * {@code max-age=0} without an {@code s-maxage}), when it sets a cookie ({@code Set-Cookie}), when
 * it varies on everything ({@code Vary: *}), or when, without {@code max-age} or {@code s-maxage},
 * its {@code Expires} is not after its {@code Date} (or is not a date at all). CloudFront may still
 * keep such an answer when its cache policy's minimum TTL overrides the origin: that is why a
 * verification, not these headers, decides whether a task succeeded when verification is on.
 */
public final class Cacheability {
    private static final String CACHE_CONTROL = "Cache-Control";

    private Cacheability() {
    }

    /** The header that forbids caching, and its value as the edge sent it. */
    public record Uncacheable(String header, String value) {
        /** {@code Cache-Control: no-store}: how reasons quote it. */
        @Override
        public String toString() {
            return header + ": " + value;
        }
    }

    /**
     * Why an answer with these headers cannot be cached, or empty when it can.
     *
     * @param headers every value of the named header (case-insensitive), empty when absent
     */
    public static Optional<Uncacheable> uncacheable(Function<String, List<String>> headers) {
        List<String> cacheControl = headers.apply(CACHE_CONTROL);
        String cc = String.join(", ", cacheControl);
        OptionalLong sMaxAge = OptionalLong.empty();
        OptionalLong maxAge = OptionalLong.empty();
        for (String raw : cc.split(",")) {
            String directive = raw.trim().toLowerCase(Locale.ROOT);
            String name = directive.contains("=") ? directive.substring(0, directive.indexOf('=')).trim() : directive;
            if (name.equals("no-store") || name.equals("private") || name.equals("no-cache")) {
                return Optional.of(new Uncacheable(CACHE_CONTROL, cc));
            }
            if (name.equals("s-maxage")) {
                sMaxAge = seconds(directive);
            } else if (name.equals("max-age")) {
                maxAge = seconds(directive);
            }
        }
        OptionalLong lifetime = sMaxAge.isPresent() ? sMaxAge : maxAge;
        if (lifetime.isPresent() && lifetime.getAsLong() <= 0) {
            return Optional.of(new Uncacheable(CACHE_CONTROL, cc));
        }
        List<String> cookies = headers.apply("Set-Cookie");
        if (!cookies.isEmpty()) {
            return Optional.of(new Uncacheable("Set-Cookie", cookieNames(cookies)));
        }
        for (String vary : headers.apply("Vary")) {
            for (String field : vary.split(",")) {
                if (field.trim().equals("*")) {
                    return Optional.of(new Uncacheable("Vary", vary.trim()));
                }
            }
        }
        List<String> expires = headers.apply("Expires");
        if (lifetime.isEmpty() && !expires.isEmpty() && expired(expires.get(0), headers.apply("Date"))) {
            return Optional.of(new Uncacheable("Expires", expires.get(0).trim()));
        }
        return Optional.empty();
    }

    /** Whether an {@code X-Cache} value says the answer came from the cache ({@code Hit from cloudfront}, {@code RefreshHit from cloudfront}). */
    public static boolean isHit(String xCache) {
        if (xCache == null) {
            return false;
        }
        String v = xCache.trim().toLowerCase(Locale.ROOT);
        return v.startsWith("hit") || v.startsWith("refreshhit");
    }

    /** {@code max-age=N}'s N; a malformed value counts as 0 (RFC 9111 4.2.1: treat it as stale). */
    private static OptionalLong seconds(String directive) {
        int eq = directive.indexOf('=');
        if (eq < 0) {
            return OptionalLong.of(0);
        }
        String value = directive.substring(eq + 1).trim().replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.of(0);
        }
    }

    /** The cookie names, not their values: a reason and a status page must not show a session token. */
    private static String cookieNames(List<String> cookies) {
        StringBuilder names = new StringBuilder();
        for (String cookie : cookies) {
            int eq = cookie.indexOf('=');
            String name = (eq < 0 ? cookie : cookie.substring(0, eq)).trim();
            names.append(names.length() == 0 ? "" : ", ").append(name).append("=...");
        }
        return names.toString();
    }

    private static boolean expired(String expires, List<String> date) {
        Optional<ZonedDateTime> at = httpDate(expires);
        if (at.isEmpty()) {
            return true;
        }
        ZonedDateTime now = date.isEmpty() ? ZonedDateTime.now() : httpDate(date.get(0)).orElse(ZonedDateTime.now());
        return !at.get().isAfter(now);
    }

    private static Optional<ZonedDateTime> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
