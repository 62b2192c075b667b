package io.prewarm.contract;

/**
 * A job's status as {@code GET /status}, {@code GET /jobs} and {@code prewarm.status} show it: the
 * seed's four values, and {@code CANCELLED}, which only a job somebody cancelled
 * ({@code DELETE /prewarm}) can show. Written in JSON by their names. Every final status is announced once.
 */
public enum JobStatus {
    IN_PROGRESS, COMPLETED, FAILED, TIMEOUT, CANCELLED;

    public boolean isFinal() {
        return this != IN_PROGRESS;
    }
}
