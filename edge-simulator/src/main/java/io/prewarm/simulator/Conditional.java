package io.prewarm.simulator;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Whether a client's conditional GET ({@code If-None-Match}, else {@code If-Modified-Since}, as
 * RFC 9110 orders them) is satisfied by what the PoP holds, so it answers 304 without a body.
 * ETags compare weakly (a {@code W/} prefix is ignored); an unreadable date is no condition.
 */
final class Conditional {
    private Conditional() {
    }

    /** {@code headers} as in {@link Request#headers()}: names lower-cased. */
    static boolean notModified(Map<String, String> headers, String etag, Instant lastModified) {
        String ifNoneMatch = headers.get("if-none-match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String candidate = tag.trim();
                if (candidate.equals("*") || opaque(candidate).equals(opaque(etag))) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = headers.get("if-modified-since");
        if (ifModifiedSince == null) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
