package io.prewarm.warmer;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * One polled record of {@code prewarm.tasks} on its way through the warmer: which of its tasks
 * are still to start (the consumer loop's business, one thread) and how many still lack an
 * acknowledged result (counted down from producer callbacks). Its offset is done only when that
 * count reaches zero, so one task whose result Kafka never acknowledged holds the whole batch, and
 * with it its partition's commit point. Tasks are made from the batch when asked for, not all at
 * poll time: what waits in memory is the record as it was read. When its job is cancelled, the
 * tasks not started yet are dropped: they never start and need no result, so they count as
 * settled at once, and the batch is done when the ones already started are acknowledged.
 */
final class PolledBatch {
    private final TopicPartition partition;
    private final long offset;
    private final TaskBatch batch;
    private final BitSet started = new BitSet();
    private final AtomicInteger unacknowledged;
    private final int size;
    private boolean dropped;

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

    /** The job all its tasks belong to. */
    String requestID() {
        return batch.requestID();
    }

    /** Its tasks' PoPs, as the record lists them. */
    List<String> pops() {
        return batch.pops();
    }

    /** What to read its one task as, when it is a document task; null for warm tasks. */
    Expansion.Read read() {
        return batch.read();
    }

    /** The job's {@code max_rate}, null for none. */
    Integer maxRate() {
        return batch.maxRate();
    }

    /** The index of the first task at or after {@code from} not started yet, or -1. */
    int nextUnstarted(int from) {
        int i = started.nextClearBit(from);
        return i < size && !dropped ? i : -1;
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

    /** Whether no task is left to start: all started, or the rest dropped. */
    boolean allStarted() {
        return dropped || started.nextClearBit(0) >= size;
    }

    /**
     * Drops the tasks not started yet, for good; how many there were. A flag, not bits: a hostile
     * record's size could be huge.
     */
    int dropUnstarted() {
        if (dropped) {
            return 0;
        }
        dropped = true;
        return size - started.cardinality();
    }

    /** {@code tasks} dropped tasks need no result; whether the batch is now done. */
    boolean settled(int tasks) {
        return tasks > 0 && unacknowledged.addAndGet(-tasks) == 0;
    }

    /** One task's result was acknowledged; whether it was the batch's last. */
    boolean acknowledged() {
        return unacknowledged.decrementAndGet() == 0;
    }
}
