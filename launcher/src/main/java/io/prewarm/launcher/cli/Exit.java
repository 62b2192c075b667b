package io.prewarm.launcher.cli;

import io.prewarm.contract.JobStatus;

/**
 * The CLI's exit codes, one place so the commands, the usage text and the README agree. Job
 * outcomes take the small numbers (scripts branch on them); errors of the call itself take the
 * BSD {@code sysexits.h} numbers, so "fix your input" (64, 65, 66, 67) is told apart from "try again
 * later" (69).
 */
public final class Exit {
    /** The job ended COMPLETED (or, with {@code --no-follow}, was accepted; or {@code cancel} cancelled it). */
    public static final int COMPLETED = 0;
    /** The job ended FAILED: every URL done, at least one failed at some PoP. */
    public static final int FAILED = 1;
    /** The job's deadline passed before every URL was done. */
    public static final int TIMEOUT = 2;
    /** {@code status} only: the job is still running. */
    public static final int IN_PROGRESS = 3;
    /** The job ended CANCELLED: somebody cancelled it before every URL was done. */
    public static final int CANCELLED = 4;
    /**
     * The job's state does not allow the command (HTTP 409): {@code cancel} of a job that already
     * ended otherwise, {@code retry} of a job still running, rejected, or without failed tasks.
     */
    public static final int CONFLICT = 5;
    /** Wrong or missing options or arguments. */
    public static final int USAGE = 64;
    /** The server refused the call (a 4xx other than 404 and 409; its message is printed), or the input holds no URLs. */
    public static final int REFUSED = 65;
    /** The URL file cannot be read. */
    public static final int NO_INPUT = 66;
    /** The server knows no job with the requestID given (HTTP 404). */
    public static final int UNKNOWN_JOB = 67;
    /** The server cannot be reached, answered 5xx or something unexpected, or lost the job. */
    public static final int UNAVAILABLE = 69;

    private Exit() {
    }

    /** The exit code for a job status as {@code GET /status} names it. */
    public static int of(String status) {
        return switch (parse(status)) {
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            case TIMEOUT -> TIMEOUT;
            case IN_PROGRESS -> IN_PROGRESS;
            case CANCELLED -> CANCELLED;
        };
    }

    /** Whether the job will change no more. */
    public static boolean isFinal(String status) {
        return parse(status).isFinal();
    }

    private static JobStatus parse(String status) {
        try {
            return JobStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw new CliError(UNAVAILABLE, "the server answered an unknown status '" + status + "'");
        }
    }
}
