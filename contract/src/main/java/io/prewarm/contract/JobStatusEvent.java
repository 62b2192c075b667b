package io.prewarm.contract;

/**
 * Published on {@code prewarm.status}, keyed by requestID, once when a job reaches a final status
 * (COMPLETED, FAILED, TIMEOUT or CANCELLED), so other systems can react without polling; also the body a
 * job's {@code callback_url} is POSTed.
 */
public record JobStatusEvent(String requestID, JobStatus status, int total, int completed, int failed, int inProgress,
                             long createdAt, long finishedAt, String error) {
}
