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

    public String taskKey() {
        return TaskKey.of(url, pop, acceptEncoding);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }
}
