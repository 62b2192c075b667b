package io.prewarm.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request into chunk records small enough for Kafka (well under 1 MB each, whatever the
 * URLs' lengths), each carrying the full settings and {@code chunk_index} / {@code chunk_count}.
 * A request that fits in one chunk is sent as it is, without chunk fields. Chunks are also kept to
 * at most {@value #MAX_TASKS_PER_CHUNK} tasks, so one record never fans out without bound.
 */
public final class RequestChunker {
    /** Bytes of URLs per chunk; the rest of a record (settings, JSON syntax) stays far below the 1 MB limit. */
    public static final int MAX_URL_BYTES_PER_CHUNK = 512 * 1024;
    public static final int MAX_URLS_PER_CHUNK = 5_000;
    /** Tasks one chunk may expand into: bounds the expander's work (and transaction) per record. */
    public static final int MAX_TASKS_PER_CHUNK = 100_000;

    private RequestChunker() {
    }

    /** Splits a validated {@code request} (its {@code pops} resolved). */
    public static List<PrewarmRequest> split(PrewarmRequest request) {
        int maxUrls = Math.max(1, Math.min(MAX_URLS_PER_CHUNK, MAX_TASKS_PER_CHUNK / Math.max(1, request.targets().tasksPerUrl())));
        List<List<String>> parts = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int bytes = 0;
        for (String url : request.urlList()) {
            int size = url.getBytes(StandardCharsets.UTF_8).length + 8;
            if (!current.isEmpty() && (bytes + size > MAX_URL_BYTES_PER_CHUNK || current.size() == maxUrls)) {
                parts.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(url);
            bytes += size;
        }
        parts.add(current);
        List<PrewarmRequest> chunks = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            chunks.add(request.chunk(List.copyOf(parts.get(i)), i, parts.size()));
        }
        return chunks;
    }
}
