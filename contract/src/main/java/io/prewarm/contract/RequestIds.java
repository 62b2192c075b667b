package io.prewarm.contract;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a requestID is: ingest makes UUIDs; a direct producer may choose its own, short, printable and
 * safe in URLs and logs ({@code [A-Za-z0-9][A-Za-z0-9._:-]{0,127}}).
 */
public final class RequestIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private RequestIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }
}
