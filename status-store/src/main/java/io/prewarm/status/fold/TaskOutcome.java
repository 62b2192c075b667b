package io.prewarm.status.fold;

import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;

/**
 * How one task of a URL ended, as the URL's outcome entry holds it: a {@link WarmResult} without
 * what its entry's key already says (requestID and URL). Written with one-letter field names
 * ({@link UrlOutcomesCodec}), because a URL's entry holds one per PoP and variant and is rewritten
 * whenever more of them arrive.
 *
 * @param variant    the Accept-Encoding variant ("" for none)
 * @param httpStatus null when no response came
 * @param cfPop      the PoP that served, from {@code x-amz-cf-pop}
 * @param elapsedMs  time over every attempt
 * @param error      why it failed or was skipped
 */
public record TaskOutcome(String pop, String variant, Outcome outcome, Integer httpStatus, String xCache, String cfPop, long bytes,
                          long elapsedMs, int attempts, String error, long finishedAt) {

    public TaskOutcome {
        variant = variant == null ? "" : variant;
    }

    public static TaskOutcome of(WarmResult r) {
        return new TaskOutcome(r.pop(), r.acceptEncoding(), r.outcome(), r.httpStatus(), r.xCache(), r.cfPop(), r.bytes(), r.elapsedMs(),
                r.attempts(), r.error(), r.finishedAt());
    }

    /** Whether this is the outcome of the task at {@code pop} in {@code variant}. */
    public boolean isTask(String pop, String variant) {
        return this.pop.equals(pop) && this.variant.equals(variant);
    }
}
