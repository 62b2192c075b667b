package io.prewarm.status.fold;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far this instance's fold has processed each {@code prewarm.jobs} partition: the offset after
 * the last record it folded. Written by the stream threads, read by queries that must not answer
 * "unknown" for a job registered before they were asked (read-your-writes): the group's committed
 * offset lags by up to a commit interval, this does not. A waiter is woken whenever it moves.
 */
public final class FoldProgress {
    private final Map<Integer, Long> next = new ConcurrentHashMap<>();

    /** The fold processed the record at {@code offset} of jobs partition {@code partition} (called by the fold only). */
    public void processed(int partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
        synchronized (this) {
            notifyAll();
        }
    }

    /** The task of {@code partition} starts (again) here: what was processed before may be another instance's state now. */
    void forget(int partition) {
        next.remove(partition);
    }

    /** The offset after the last record folded on {@code partition}, if any since the task started here. */
    public OptionalLong next(int partition) {
        Long n = next.get(partition);
        return n == null ? OptionalLong.empty() : OptionalLong.of(n);
    }

    /**
     * Waits until the fold processes another jobs record, at most {@code millis} ms. A record folded
     * between the caller's look and this wait is noticed only at the timeout, so callers keep it short.
     */
    public synchronized void awaitMore(long millis) throws InterruptedException {
        if (millis > 0) {
            wait(millis);
        }
    }
}
