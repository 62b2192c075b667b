package io.prewarm.contract;

/**
 * A job's status as {@code GET /status}, {@code GET /jobs} and {@code prewarm.status} show it: the
 * seed's four values, written in JSON by their names. Every final status is announced once.
 */
public enum JobStatus {
    IN_PROGRESS, COMPLETED, FAILED, TIMEOUT;

    public boolean isFinal() {
        return this != IN_PROGRESS;
    }
}
