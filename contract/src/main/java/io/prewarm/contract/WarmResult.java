package io.prewarm.contract;

/**
 * The outcome of one task's attempt chain, emitted by a warmer keyed by requestID. Delivery is
 * at-least-once, so the status fold treats a second result for the same task as a repeat.
 *
 * <p>{@code httpStatus}, {@code xCache}, {@code cfPop} and {@code age} are the warm request's
 * answer (the first). With verification on, {@code verification} says what the check found and
 * {@code verify} holds the second answer, when one was asked for. {@code uncacheable} is the
 * header of the first answer that forbids a shared cache to keep it ({@link Cacheability}), when
 * there was one; it explains a verification miss, and without verification fails the task.
 *
 * @param verification null when the task was not verified (verification off, or the warm itself failed)
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
        long finishedAt,
        String age,
        Cacheability.Uncacheable uncacheable,
        Verification verification,
        Answer verify) {

    /** A result of the versions before verification: the first answer only. */
    public WarmResult(String requestID, String url, String pop, String acceptEncoding, Outcome outcome, Integer httpStatus, String xCache,
                      String cfPop, long bytes, long elapsedMs, int attempts, String error, long finishedAt) {
        this(requestID, url, pop, acceptEncoding, outcome, httpStatus, xCache, cfPop, bytes, elapsedMs, attempts, error, finishedAt, null, null,
                null, null);
    }

    /** What a verification found. */
    public enum Verification {
        /** The second answer came from the PoP's cache ({@code X-Cache: Hit} or {@code RefreshHit}). */
        VERIFIED,
        /** The first answer already came from the cache: it is its own proof, no second request was sent. */
        ALREADY_CACHED,
        /** The second answer did not come from the cache. */
        NOT_CACHED,
        /** The second request got no answer (network failure, timeout): whether the object is cached is unknown. */
        CHECK_FAILED
    }

    /** One answer of the edge as a task records it: the verification request's. */
    public record Answer(Integer httpStatus, String xCache, String age, String cfPop) {
    }

    /** The task this is the result of: results with the same id are the same task. */
    public TaskId taskId() {
        return new TaskId(requestID, url, pop, acceptEncoding);
    }

    public boolean succeeded() {
        return outcome == Outcome.SUCCESS;
    }

    /** Whether the task is proven to be in its PoP's cache. */
    public boolean verified() {
        return verification == Verification.VERIFIED || verification == Verification.ALREADY_CACHED;
    }
}
