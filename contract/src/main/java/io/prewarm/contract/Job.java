package io.prewarm.contract;

import java.util.List;

/**
 * One chunk of an accepted (or rejected) request, as the status store needs it: the chunk's
 * distinct URLs, the PoPs and Accept-Encoding variants every URL is warmed in, the deadline, and
 * which of how many chunks this is. A request of any size arrives as chunks of bounded size, so no
 * record grows with the request. A rejected request (from a direct producer) becomes a chunk with
 * an {@code error} and no URLs, so its status can say FAILED and why.
 */
public record Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline,
                  String error, int chunkIndex, int chunkCount) {

    public Job {
        encodings = encodings == null || encodings.isEmpty() ? List.of(Task.DEFAULT_ACCEPT_ENCODING) : encodings;
        chunkCount = Math.max(chunkCount, 1);
    }

    /** A whole request in one chunk. */
    public Job(String requestID, List<String> urls, List<String> pops, List<String> encodings, long createdAt, long deadline, String error) {
        this(requestID, urls, pops, encodings, createdAt, deadline, error, 0, 1);
    }

    public static Job rejected(String requestID, long createdAt, String error) {
        return new Job(requestID, List.of(), List.of(), null, createdAt, createdAt, error, 0, 1);
    }

    public boolean isRejected() {
        return error != null;
    }

    public Targets targets() {
        return new Targets(pops, encodings);
    }
}
