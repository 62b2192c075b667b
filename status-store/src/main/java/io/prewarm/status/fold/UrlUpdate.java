package io.prewarm.status.fold;

import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * One result batch's results for one URL applied to what the store holds for that URL: the first
 * result of each task wins (a repeat in the same batch or in any later one changes nothing), and
 * results for a PoP or variant the job does not target are dropped. Pure, so the fold's dedup rule
 * is one function of its inputs.
 *
 * @param after    the URL's counters with the added results
 * @param outcomes the URL's outcomes with the added results
 * @param added    the results that counted, in batch order
 */
record UrlUpdate(UrlState after, UrlOutcomes outcomes, List<WarmResult> added) {
    /** Before a job's header exists its targets are unknown: every task belongs. */
    static final BiPredicate<String, String> ANY_TASK = (pop, variant) -> true;

    /**
     * @param belongs whether a (PoP, variant) is one of the job's targets
     */
    static UrlUpdate apply(UrlState before, UrlOutcomes held, BiPredicate<String, String> belongs, List<WarmResult> results) {
        Set<String> recorded = new HashSet<>();
        held.tasks().forEach(t -> recorded.add(taskKey(t)));
        List<WarmResult> added = new ArrayList<>();
        List<TaskOutcome> outcomes = new ArrayList<>();
        UrlState after = before;
        for (WarmResult r : results) {
            TaskOutcome t = TaskOutcome.of(r);
            if (belongs.test(t.pop(), t.variant()) && recorded.add(taskKey(t))) {
                added.add(r);
                outcomes.add(t);
                after = after.recording(r.outcome());
            }
        }
        return new UrlUpdate(after, held.plus(outcomes), added);
    }

    private static String taskKey(TaskOutcome t) {
        return t.pop() + TaskId.STORE_SEP + t.variant();
    }
}
