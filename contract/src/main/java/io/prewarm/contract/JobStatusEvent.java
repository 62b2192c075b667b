package io.prewarm.contract;

/**
 * Published on {@code prewarm.status}, keyed by requestID, once when a job reaches a final status
 * (COMPLETED, FAILED or TIMEOUT), so other systems can react without polling.
 */
public record JobStatusEvent(String requestID, JobStatus status, int total, int completed, int failed, int inProgress,
                             long createdAt, long finishedAt, String error) {
}
