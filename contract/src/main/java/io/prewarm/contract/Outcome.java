package io.prewarm.contract;

/** How one task ended. SKIPPED: not sent because the job's deadline had passed. */
public enum Outcome {
    SUCCESS, FAILURE, SKIPPED
}
