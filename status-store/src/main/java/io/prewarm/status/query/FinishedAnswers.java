package io.prewarm.status.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers for finished jobs, kept briefly: once every URL of a job has its verdict the answer
 * cannot change (until retention deletes it), yet a client polling a big finished job would
 * otherwise scan all its URLs on every call. Bounded in entries and in time.
 */
public final class FinishedAnswers {
    private static final int MAX_ENTRIES = 256;
    private static final long TTL_NANOS = 30_000_000_000L;

    private record Entry(byte[] body, long expiresAt) {
    }

    private final Map<String, Entry> answers = new ConcurrentHashMap<>();

    /** The answer kept under {@code key}, or {@code compute}'s, then kept. */
    public byte[] get(String key, Supplier<byte[]> compute) {
        long now = System.nanoTime();
        Entry e = answers.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return e.body();
        }
        byte[] body = compute.get();
        if (answers.size() >= MAX_ENTRIES) {
            answers.clear();
        }
        answers.put(key, new Entry(body, now + TTL_NANOS));
        return body;
    }
}
