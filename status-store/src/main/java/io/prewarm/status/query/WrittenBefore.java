package io.prewarm.status.query;

/**
 * Whether this instance has read everything written to its inputs before a query: what a status
 * query waits on before it says a job is unknown (read-your-writes). A seam, so the routes' and the
 * lookup's decisions can be tested without a broker; {@link ReadYourWrites} answers from Kafka.
 * Deadlines are {@link System#nanoTime} values.
 */
public interface WrittenBefore {
    /**
     * Waits until this instance's fold has processed every record written to {@code prewarm.jobs}
     * partition {@code partition} before this call; false when {@code deadlineNanos} came first.
     */
    boolean awaitJobs(int partition, long deadlineNanos);

    /**
     * {@link #awaitJobs(int, long)}, ending early (true) as soon as {@code enough} holds: the job's
     * header appeared, say, which for a big job's registration comes long before its last chunk is folded.
     */
    default boolean awaitJobs(int partition, long deadlineNanos, java.util.function.BooleanSupplier enough) {
        return awaitJobs(partition, deadlineNanos);
    }

    /**
     * Waits until the expander has consumed {@code prewarm.requests} (every partition) up to where it
     * ended at this call, so the job records it makes of them are written; false when the deadline came first.
     */
    boolean awaitExpander(long deadlineNanos);
}
