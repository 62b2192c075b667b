package io.prewarm.warmer;

import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * One polled record of {@code prewarm.tasks} on its way through the warmer: which of its tasks
 * are still to start (the consumer loop's business, one thread) and how many still lack an
 * acknowledged result (counted down from producer callbacks). Its offset is done only when that
 * count reaches zero, so one task whose result Kafka never acknowledged holds the whole batch, and
 * with it its partition's commit point. Tasks are made from the batch when asked for, not all at
 * poll time: what waits in memory is the record as it was read.
 */
final class PolledBatch {
    private final TopicPartition partition;
    private final long offset;
    private final TaskBatch batch;
    private final BitSet started = new BitSet();
    private final AtomicInteger unacknowledged;
    private final int size;

    PolledBatch(TopicPartition partition, long offset, TaskBatch batch) {
        this.partition = partition;
        this.offset = offset;
        this.batch = batch;
        this.size = batch.size();
        this.unacknowledged = new AtomicInteger(size);
    }

    TopicPartition partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    /** The index of the first task at or after {@code from} not started yet, or -1. */
    int nextUnstarted(int from) {
        int i = started.nextClearBit(from);
        return i < size ? i : -1;
    }

    /** The {@code i}-th task of the batch. */
    Task task(int i) {
        return batch.task(i);
    }

    /** Marks the {@code i}-th task started. */
    void started(int i) {
        started.set(i);
    }

    /** Whether any of its tasks started. */
    boolean begun() {
        return started.nextSetBit(0) >= 0;
    }

    boolean allStarted() {
        return started.nextClearBit(0) >= size;
    }

    /** One task's result was acknowledged; whether it was the batch's last. */
    boolean acknowledged() {
        return unacknowledged.decrementAndGet() == 0;
    }
}
