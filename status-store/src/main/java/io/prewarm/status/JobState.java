package io.prewarm.status;

import io.prewarm.contract.Job;
import io.prewarm.contract.WarmResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a task is counted: everything known about one request, folded from its job record and its
 * results. The fold is idempotent: the first result recorded for a task is its verdict, so a
 * repeated, late or out-of-order delivery never changes the counts. Results that arrive before
 * their job are kept and counted once the job is known.
 */
public record JobState(Job job, Map<String, WarmResult> tasks) {

    public static JobState empty() {
        return new JobState(null, Map.of());
    }

    public JobState withJob(Job newJob) {
        return new JobState(newJob, tasks);
    }

    public JobState withResult(WarmResult result) {
        if (tasks.containsKey(result.taskKey())) {
            return this;
        }
        Map<String, WarmResult> next = new HashMap<>(tasks);
        next.put(result.taskKey(), result);
        return new JobState(job, next);
    }
}
