package io.prewarm.contract;

import java.util.List;

/**
 * What the status store needs to know about one accepted (or rejected) request: its distinct URLs,
 * the PoPs and Accept-Encoding variants each URL is warmed in, and its deadline. A rejected
 * request from a direct producer becomes a job with an {@code error} and no URLs, so its status
 * can say FAILED and why.
 */
public record Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline, String error) {

    public Job {
        encodings = encodings == null || encodings.isEmpty() ? List.of(Task.DEFAULT_ACCEPT_ENCODING) : encodings;
    }

    public static Job rejected(String requestID, long createdAt, String error) {
        return new Job(requestID, List.of(), List.of(), null, createdAt, createdAt, error);
    }

    public boolean isRejected() {
        return error != null;
    }

    /** Tasks that decide each URL's verdict: one per PoP and variant. */
    public int tasksPerUrl() {
        return pops.size() * encodings.size();
    }
}
