package io.prewarm.warmer;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.contract.WarmResult.Answer;
import io.prewarm.contract.WarmResult.Verification;
import java.util.concurrent.TimeUnit;

/**
 * What a task's answers mean, as its {@link WarmResult}: one place that decides success, failure
 * and the reason an engineer reads. A 2xx is a success only when the object is shown to be kept:
 * with verification, by an {@code X-Cache} hit on the first answer or on a second request (its
 * answer wins over the headers, as a cache policy's minimum TTL may keep what the origin forbids);
 * without it, by a first answer a shared cache may keep. Every result with an answer records that
 * answer's {@code Age} and the header that forbids caching, when there is one.
 */
final class Verdicts {
    private Verdicts() {
    }

    /** Whether the first answer still needs its second request: verification on, a 2xx, not already a hit. */
    static boolean needsCheck(EdgeResponse first, boolean verifies) {
        return verifies && first.is2xx() && !Cacheability.isHit(first.xCache());
    }

    /** The task ended with no answer at all ({@code status} null) or before anything was sent. */
    static WarmResult unanswered(Task task, long started, Outcome outcome, int attempts, String error) {
        return new WarmResult(task.requestID(), task.url(), task.pop(), task.acceptEncoding(), outcome, null,
                null, null, 0, elapsed(started), attempts, error, System.currentTimeMillis());
    }

    /** The first answer is the whole story: not a 2xx, already a hit, or verification off. */
    static WarmResult answered(Task task, long started, int attempts, EdgeResponse r, boolean verifies) {
        Cacheability.Uncacheable uncacheable = r.uncacheable().orElse(null);
        if (!r.is2xx()) {
            return result(task, started, attempts, r, Outcome.FAILURE, statusError(r), null, null);
        }
        if (verifies) {
            return result(task, started, attempts, r, Outcome.SUCCESS, null, Verification.ALREADY_CACHED, null);
        }
        return uncacheable == null ? result(task, started, attempts, r, Outcome.SUCCESS, null, null, null)
                : result(task, started, attempts, r, Outcome.FAILURE, "not cacheable: " + uncacheable, null, null);
    }

    /** What an answer that is not a 2xx says as an error: its status, and where a redirect would have led. */
    static String statusError(EdgeResponse r) {
        return r.status() >= 300 && r.status() < 400
                ? "HTTP " + r.status() + " redirect to " + r.location() + " not followed (it would leave the PoP)"
                : "HTTP " + r.status();
    }

    /**
     * The second answer decides: a 304 or 2xx from the cache is verified; one that is not a hit
     * says why with the first answer's uncacheable header; any other status leaves it unknown.
     */
    static WarmResult checked(Task task, long started, int attempts, EdgeResponse first, EdgeResponse second) {
        Answer verify = new Answer(second.status(), second.xCache(), second.age(), second.cfPop());
        boolean answered = second.is2xx() || second.status() == 304;
        if (answered && Cacheability.isHit(second.xCache())) {
            return result(task, started, attempts, first, Outcome.SUCCESS, null, Verification.VERIFIED, verify);
        }
        if (!answered) {
            return result(task, started, attempts, first, Outcome.FAILURE, checkFailed(first, "HTTP " + second.status()),
                    Verification.CHECK_FAILED, verify);
        }
        String seen = second.xCache() == null ? "no X-Cache header" : "X-Cache: " + second.xCache();
        String why = first.uncacheable().map(Cacheability.Uncacheable::toString)
                .orElse("the answer allowed caching: check the cache policy and cache key");
        return result(task, started, attempts, first, Outcome.FAILURE, "not cached after warming (" + seen + "; " + why + ")",
                Verification.NOT_CACHED, verify);
    }

    /** The second request got no answer (or could not be sent): whether the object is cached is unknown. */
    static WarmResult uncheckable(Task task, long started, int attempts, EdgeResponse first, String reason) {
        return result(task, started, attempts, first, Outcome.FAILURE, checkFailed(first, reason), Verification.CHECK_FAILED, null);
    }

    private static String checkFailed(EdgeResponse first, String reason) {
        return "warmed (HTTP " + first.status() + ") but the check failed: " + reason;
    }

    private static WarmResult result(Task task, long started, int attempts, EdgeResponse r, Outcome outcome, String error,
                                     Verification verification, Answer verify) {
        return new WarmResult(task.requestID(), task.url(), task.pop(), task.acceptEncoding(), outcome, r.status(), r.xCache(), r.cfPop(),
                r.bytes(), elapsed(started), attempts, error, System.currentTimeMillis(), r.age(), r.uncacheable().orElse(null),
                verification, verify);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }
}
