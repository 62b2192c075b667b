package io.prewarm.contract;

/**
 * The outcome of one task's attempt chain, emitted by a warmer keyed by requestID. Delivery is
 * at-least-once, so the status fold treats a second result for the same task as a repeat.
 */
public record WarmResult(
        String requestID,
        String url,
        String pop,
        String acceptEncoding,
        Outcome outcome,
        Integer httpStatus,
        String xCache,
        String cfPop,
        long bytes,
        long elapsedMs,
        int attempts,
        String error,
        long finishedAt) {

    /** The task this is the result of: results with the same id are the same task. */
    public TaskId taskId() {
        return new TaskId(requestID, url, pop, acceptEncoding);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
