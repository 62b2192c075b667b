package io.prewarm.contract;

/**
 * The identity of a task: one URL at one PoP in one Accept-Encoding variant of one job. Every key
 * derived from a task is made here, so the topic that partitions tasks and the store that counts
 * them cannot spell the same task two ways.
 *
 * <ul>
 *   <li>{@link #recordKey()}: the key of a {@code prewarm.tasks} record, spreading one job's tasks
 *       over every partition (unit separator, U+001F, between the parts);</li>
 *   <li>{@link #storeKey()}, {@link #urlStoreKey}, {@link #jobStorePrefix}: keys of the status store,
 *       requestID, URL, PoP and variant joined by U+0000 (which no part can contain), so one job's
 *       entries form one prefix-scannable range sorted by URL, each URL's tasks right after it.</li>
 * </ul>
 */
public record TaskId(String requestID, String url, String pop, String acceptEncoding) {
    private static final char RECORD_SEP = '\u001f';
    /** Sorts before every character a requestID, URL, PoP or variant may contain. */
    public static final char STORE_SEP = '\u0000';

    public TaskId {
        acceptEncoding = acceptEncoding == null ? "" : acceptEncoding;
    }

    public String recordKey() {
        return requestID + RECORD_SEP + pop + RECORD_SEP + acceptEncoding + RECORD_SEP + url;
    }

    /** The key of a {@code prewarm.tasks} record of a {@link TaskBatch}: its requestID and first URL. */
    public static String batchKey(String requestID, String firstUrl) {
        return requestID + RECORD_SEP + firstUrl;
    }

    public String storeKey() {
        return urlStoreKey(requestID, url) + STORE_SEP + pop + STORE_SEP + acceptEncoding;
    }

    /** The status store's key of one URL of a job. */
    public static String urlStoreKey(String requestID, String url) {
        return jobStorePrefix(requestID) + url;
    }

    /** The prefix every status-store key of one job starts with. */
    public static String jobStorePrefix(String requestID) {
        return requestID + STORE_SEP;
    }

    /** The first key after every key of the job: the exclusive end of its range. */
    public static String jobStoreEnd(String requestID) {
        return requestID + (char) (STORE_SEP + 1);
    }

    /** The URL of a key made by {@link #urlStoreKey}. */
    public static String urlOfStoreKey(String urlKey) {
        return urlKey.substring(urlKey.indexOf(STORE_SEP) + 1);
    }
}
