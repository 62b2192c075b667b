package io.prewarm.status.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.prewarm.contract.JobStatus;
import io.prewarm.status.fold.JobHeader;

/**
 * One line of {@code GET /jobs}: what a list of recent jobs shows about a job (its counts and
 * times), taken from its header, so listing never touches the per-URL or per-task entries.
 *
 * @param finishedAt when the job ended; absent while it runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSummary(String requestID, JobStatus status, int total, int completed, int failed, long createdAt, Long finishedAt) {

    static JobSummary of(JobHeader h, long now) {
        return new JobSummary(h.requestID(), h.status(now), h.shownTotal(), h.completed(), h.failed(), h.createdAt(),
                h.finished() && h.finishedAt() > 0 ? h.finishedAt() : null);
    }

    /** Whether this copy of a job is further along than {@code other} (two instances may both list a job during a rebalance). */
    boolean aheadOf(JobSummary other) {
        if ((finishedAt != null) != (other.finishedAt != null)) {
            return finishedAt != null;
        }
        return completed > other.completed || (completed == other.completed && total > other.total);
    }
}
