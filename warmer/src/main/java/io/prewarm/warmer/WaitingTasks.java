package io.prewarm.warmer;

import io.prewarm.contract.Task;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The polled batches that still have tasks to start, oldest first, and the scan that starts them
 * one by one as {@link InFlightLimits} allows. A task whose PoP is full is passed over for later
 * ones at other PoPs (of its own batch and younger ones), so one busy PoP does not idle the rest;
 * its batch stays here until every one of its tasks has started. Used by the consumer loop's
 * thread only.
 */
final class WaitingTasks {
    private final ArrayDeque<PolledBatch> batches = new ArrayDeque<>();
    private final InFlightLimits limits;
    private final TaskRunner runner;

    WaitingTasks(InFlightLimits limits, TaskRunner runner) {
        this.limits = limits;
        this.runner = runner;
    }

    void add(PolledBatch batch) {
        batches.add(batch);
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Whether a batch of these partitions has begun (some of its tasks started) and still has tasks to start. */
    boolean holdsBegun(Collection<TopicPartition> partitions) {
        return batches.stream().anyMatch(b -> b.begun() && partitions.contains(b.partition()));
    }

    /** Forgets the batches of these partitions: their tasks not started yet are left to the partitions' next owner. */
    void drop(Collection<TopicPartition> partitions) {
        batches.removeIf(b -> partitions.contains(b.partition()));
    }

    /** Starts waiting tasks, oldest first, while there is room overall and at their PoP. */
    void startWhileRoom() {
        startWhileRoom(false);
    }

    /** Starts the remaining tasks of begun batches only (a stop or revoke finishes those and starts no other), while there is room. */
    void finishBegunWhileRoom() {
        startWhileRoom(true);
    }

    private void startWhileRoom(boolean begunOnly) {
        Set<String> fullPops = new HashSet<>();
        for (Iterator<PolledBatch> it = batches.iterator(); it.hasNext() && !limits.isFull(); ) {
            PolledBatch batch = it.next();
            if (begunOnly && !batch.begun()) {
                continue;
            }
            startFrom(batch, fullPops);
            if (batch.allStarted()) {
                it.remove();
            }
        }
    }

    private void startFrom(PolledBatch batch, Set<String> fullPops) {
        for (int i = batch.nextUnstarted(0); i >= 0 && !limits.isFull(); i = batch.nextUnstarted(i + 1)) {
            Task task = batch.task(i);
            if (fullPops.contains(task.pop())) {
                continue;
            }
            if (limits.tryAcquire(task.pop())) {
                batch.started(i);
                runner.start(task, batch);
            } else {
                fullPops.add(task.pop());
            }
        }
    }
}
