package io.prewarm.status.query;

import io.prewarm.contract.Targets;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.fold.TaskOutcome;
import io.prewarm.status.fold.UrlOutcomes;
import io.prewarm.status.fold.UrlState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts a URL's outcomes, held in the order they arrived, in the order of the job's tasks
 * ({@link Targets#task}, PoP-major), so the CSV report writes each URL's lines with one pass over
 * its outcome entry instead of one search per task. In a job whose chunks have their own targets
 * a URL has only some of the job's tasks: {@link #own} says which. Made once per report.
 */
final class TaskOrder {
    private final Map<String, Integer> popAt = new HashMap<>();
    private final List<String> encodings;
    private final int tasksPerUrl;
    private final JobHeader job;

    TaskOrder(JobHeader job) {
        this.job = job;
        Targets targets = job.targets();
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

    /** Which of the job's task slots are {@code url}'s own: null when all are. */
    boolean[] own(UrlState url) {
        if (job.groups() == null || url.groups().size() == 0) {
            return null;
        }
        boolean[] own = new boolean[tasksPerUrl];
        for (int i = 0; i < url.groups().size(); i++) {
            Targets group = job.groups().targets().get(url.groups().at(i));
            for (String pop : group.pops()) {
                for (String variant : group.encodings()) {
                    own[popAt.get(pop) * encodings.size() + encodings.indexOf(variant)] = true;
                }
            }
        }
        return own;
    }
}
