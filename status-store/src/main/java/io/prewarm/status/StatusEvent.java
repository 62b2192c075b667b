package io.prewarm.status;

import io.prewarm.contract.Job;
import io.prewarm.contract.WarmResult;

/** Either input of the status fold; jobs and results share a key (requestID) and partitioning. */
record StatusEvent(Job job, WarmResult result) {

    static StatusEvent of(Job job) {
        return new StatusEvent(job, null);
    }

    static StatusEvent of(WarmResult result) {
        return new StatusEvent(null, result);
    }

    JobState applyTo(JobState state) {
        return job != null ? state.withJob(job) : state.withResult(result);
    }
}
