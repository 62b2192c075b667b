package io.prewarm.warmer;

/**
 * The seam between the consumer loop and what it knows about cancels: whether a job was
 * cancelled, asked every time one of its tasks is about to start. {@link CancelledJobs} is the
 * real one (read from {@code prewarm.cancels}); tests give a set of their own.
 */
@FunctionalInterface
interface Cancellations {
    boolean isCancelled(String requestID);
}
