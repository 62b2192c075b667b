package io.prewarm.status;

/**
 * Keys of the per-URL and per-task stores: requestID, URL, PoP and variant joined by a separator
 * that cannot occur in any of them, so one job's entries form one contiguous, prefix-scannable
 * range that sorts by URL.
 */
final class StatusKeys {
    static final char SEP = '\u0000';

    private StatusKeys() {
    }

    static String jobPrefix(String requestID) {
        return requestID + SEP;
    }

    static String url(String requestID, String url) {
        return requestID + SEP + url;
    }

    static String task(String requestID, String url, String pop, String encoding) {
        return requestID + SEP + url + SEP + pop + SEP + encoding;
    }

    /** The URL part of a per-URL key. */
    static String urlOf(String urlKey) {
        return urlKey.substring(urlKey.indexOf(SEP) + 1);
    }
}
