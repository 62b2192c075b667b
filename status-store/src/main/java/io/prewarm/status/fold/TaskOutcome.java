package io.prewarm.status.fold;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;

/**
 * How one task of a URL ended, as the URL's outcome entry holds it: a {@link WarmResult} without
 * what its entry's key already says (requestID and URL). Written with one-letter field names
 * ({@link UrlOutcomesCodec}), because a URL's entry holds one per PoP and variant and is rewritten
 * whenever more of them arrive.
 *
 * @param variant      the Accept-Encoding variant ("" for none)
 * @param httpStatus   null when no response came
 * @param cfPop        the PoP that served, from {@code x-amz-cf-pop}
 * @param elapsedMs    time over every attempt
 * @param error        why it failed or was skipped
 * @param age          the first answer's {@code Age}, or null
 * @param verification what the check for a cache hit found; null when the task was not verified
 * @param verify       the second (verification) answer, or null when none was asked for
 * @param uncacheable  the first answer's header that forbids caching, or null
 */
public record TaskOutcome(String pop, String variant, Outcome outcome, Integer httpStatus, String xCache, String cfPop, long bytes,
                          long elapsedMs, int attempts, String error, long finishedAt, String age, WarmResult.Verification verification,
                          WarmResult.Answer verify, Cacheability.Uncacheable uncacheable) {

    public TaskOutcome {
        variant = variant == null ? "" : variant;
    }

    /** An outcome of the versions before verification: the first answer only. */
    public TaskOutcome(String pop, String variant, Outcome outcome, Integer httpStatus, String xCache, String cfPop, long bytes,
                       long elapsedMs, int attempts, String error, long finishedAt) {
        this(pop, variant, outcome, httpStatus, xCache, cfPop, bytes, elapsedMs, attempts, error, finishedAt, null, null, null, null);
    }

    public static TaskOutcome of(WarmResult r) {
        return new TaskOutcome(r.pop(), r.acceptEncoding(), r.outcome(), r.httpStatus(), r.xCache(), r.cfPop(), r.bytes(), r.elapsedMs(),
                r.attempts(), r.error(), r.finishedAt(), r.age(), r.verification(), r.verify(), r.uncacheable());
    }

    /** Whether this is the outcome of the task at {@code pop} in {@code variant}. */
    public boolean isTask(String pop, String variant) {
        return this.pop.equals(pop) && this.variant.equals(variant);
    }

    /** Whether a verification proved the object in its PoP's cache (a second answer that hit, or a first one that did). */
    public boolean verified() {
        return verification == WarmResult.Verification.VERIFIED || verification == WarmResult.Verification.ALREADY_CACHED;
    }

    /**
     * Whether the task failed because its object did not stay in the PoP's cache: a verification
     * that missed, or, without verification, an answer whose headers forbade caching.
     */
    public boolean notCached() {
        return verification == WarmResult.Verification.NOT_CACHED
                || (verification == null && uncacheable != null && outcome == Outcome.FAILURE);
    }

    /** Whether the task failed and its answer named the header that forbids caching: what {@code detail.uncacheable} lists. */
    boolean failedUncacheable() {
        return outcome == Outcome.FAILURE && uncacheable != null;
    }
}
