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
 * its batch stays here until every one of its tasks has started. A batch whose job is cancelled
 * is dropped (its unstarted tasks never start, see {@link TaskRunner#drop}) when it is added and
 * on every scan, full or not, so a cancel stops the job's waiting tasks at once and its batches
 * neither hold memory nor keep the partitions paused. Used by the consumer loop's thread only.
 */
final class WaitingTasks {
    private final ArrayDeque<PolledBatch> batches = new ArrayDeque<>();
    private final InFlightLimits limits;
    private final TaskRunner runner;
    private final Cancellations cancellations;

    WaitingTasks(InFlightLimits limits, TaskRunner runner, Cancellations cancellations) {
        this.limits = limits;
        this.runner = runner;
        this.cancellations = cancellations;
    }

    /** Keeps {@code batch} to start its tasks, or drops it at once when its job is cancelled. */
    void add(PolledBatch batch) {
        if (cancellations.isCancelled(batch.requestID())) {
            runner.drop(batch);
        } else {
            batches.add(batch);
        }
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

    /** Starts waiting tasks, oldest first, while there is room overall and at their PoP; drops cancelled jobs' batches. */
    void startWhileRoom() {
        startWhileRoom(false);
    }

    /** Starts the remaining tasks of begun batches only (a stop or revoke finishes those and starts no other), while there is room. */
    void finishBegunWhileRoom() {
        startWhileRoom(true);
    }

    private void startWhileRoom(boolean begunOnly) {
        Set<String> fullPops = new HashSet<>();
        boolean full = limits.isFull();
        for (Iterator<PolledBatch> it = batches.iterator(); it.hasNext(); ) {
            PolledBatch batch = it.next();
            if (cancellations.isCancelled(batch.requestID())) {
                runner.drop(batch);
                it.remove();
            } else if (!full && (batch.begun() || !begunOnly)) {
                startFrom(batch, fullPops);
                if (batch.allStarted()) {
                    it.remove();
                }
                full = limits.isFull();
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
