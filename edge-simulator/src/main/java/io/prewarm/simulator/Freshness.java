package io.prewarm.simulator;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How long a shared cache may keep an origin answer, read from its headers the way CloudFront
 * reads them: {@code no-store}, {@code private}, {@code no-cache}, a zero lifetime, a
 * {@code Set-Cookie} or {@code Vary: *} mean it is not stored at all; otherwise {@code s-maxage}
 * wins over {@code max-age}, and without either the edge's default TTL applies. The simulator's
 * cache decides from headers, not from paths, so what it does is what the headers say.
 */
final class Freshness {
    static final long DEFAULT_TTL_SECONDS = 86_400;

    private Freshness() {
    }

    /** Seconds the answer stays fresh, or empty when it must not be stored. */
    static OptionalLong ttlSeconds(Map<String, String> headers) {
        if (headers.containsKey("Set-Cookie") || headers.getOrDefault("Vary", "").contains("*")) {
            return OptionalLong.empty();
        }
        long maxAge = -1;
        long sMaxAge = -1;
        for (String part : headers.getOrDefault("Cache-Control", "").split(",")) {
            String directive = part.trim().toLowerCase(Locale.ROOT);
            if (directive.equals("no-store") || directive.equals("private") || directive.equals("no-cache")) {
                return OptionalLong.empty();
            }
            if (directive.startsWith("max-age=")) {
                maxAge = number(directive.substring("max-age=".length()));
            } else if (directive.startsWith("s-maxage=")) {
                sMaxAge = number(directive.substring("s-maxage=".length()));
            }
        }
        long ttl = sMaxAge >= 0 ? sMaxAge : maxAge >= 0 ? maxAge : DEFAULT_TTL_SECONDS;
        return ttl > 0 ? OptionalLong.of(ttl) : OptionalLong.empty();
    }

    private static long number(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return 0; // an unreadable lifetime counts as stale, as RFC 9111 says
        }
    }
}
