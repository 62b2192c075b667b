package io.prewarm.status.query;

import io.prewarm.contract.Targets;
import io.prewarm.status.fold.TaskOutcome;
import io.prewarm.status.fold.UrlOutcomes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a URL's outcomes, held in the order they arrived, in the order of the job's tasks
 * ({@link Targets#task}, PoP-major), so the CSV report writes each URL's lines with one pass over
 * its outcome entry instead of one search per task. Made once per report.
 */
final class TaskOrder {
    private final Map<String, Integer> popAt = new HashMap<>();
    private final List<String> encodings;
    private final int tasksPerUrl;

    TaskOrder(Targets targets) {
        for (int i = 0; i < targets.pops().size(); i++) {
            popAt.putIfAbsent(targets.pops().get(i), i);
        }
        this.encodings = targets.encodings();
        this.tasksPerUrl = targets.tasksPerUrl();
    }

    /** Slot {@code i} holds the outcome of the URL's {@code i}-th task, null while it has none. */
    TaskOutcome[] place(UrlOutcomes outcomes) {
        TaskOutcome[] slots = new TaskOutcome[tasksPerUrl];
        for (TaskOutcome t : outcomes.tasks()) {
            Integer pop = popAt.get(t.pop());
            int variant = encodings.indexOf(t.variant());
            if (pop != null && variant >= 0 && slots[pop * encodings.size() + variant] == null) {
                slots[pop * encodings.size() + variant] = t;
            }
        }
        return slots;
    }
}
