package io.prewarm.warmer;

import io.prewarm.contract.Task;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;

/**
 * The polled batches that still have tasks to start, oldest first, and the scan that starts them
 * one by one as the PoP's circuit ({@link PopCircuits}), the job's and the process's rate caps
 * ({@link LocalJobs}) and {@link InFlightLimits} allow. A task whose PoP is full or backed off,
 * or whose job has no token now, is passed over for later ones (of its own batch and younger
 * ones), so one busy PoP or one slow job does not idle the rest; its batch stays here until every
 * one of its tasks has started. A task past its job's deadline needs no token and no circuit (it
 * is skipped, nothing is sent); a task at a PoP backed off for too long fails unsent. A batch whose
 * job is cancelled is dropped (its unstarted tasks never start, see {@link TaskRunner#drop}) when
 * it is added and on every scan. Each scan says whether a task waited for a slot (then the
 * partitions pause) and how soon a held one may go. Used by the consumer loop's thread only.
 */
final class WaitingTasks {
    private final ArrayDeque<PolledBatch> batches = new ArrayDeque<>();
    private final InFlightLimits limits;
    private final TaskRunner runner;
    private final Cancellations cancellations;
    private final LocalJobs jobs;
    private final PopCircuits circuits;
    private boolean slotBound;
    private long heldNanos = Long.MAX_VALUE;

    WaitingTasks(InFlightLimits limits, TaskRunner runner, Cancellations cancellations, LocalJobs jobs, PopCircuits circuits) {
        this.limits = limits;
        this.runner = runner;
        this.cancellations = cancellations;
        this.jobs = jobs;
        this.circuits = circuits;
    }

    /** Keeps {@code batch} to start its tasks, or drops it at once when its job is cancelled; whether it was kept. */
    boolean add(PolledBatch batch) {
        if (cancellations.isCancelled(batch.requestID())) {
            runner.drop(batch);
            return false;
        }
        batches.add(batch);
        jobs.hold(batch.requestID(), batch.maxRate(), batch.pops());
        return true;
    }

    boolean isEmpty() {
        return batches.isEmpty();
    }

    int size() {
        return batches.size();
    }

    /** Whether the last scan passed a task over for want of a slot (overall, at its PoP, or for the results awaiting Kafka). */
    boolean slotBound() {
        return slotBound;
    }

    /** Nanoseconds from the last scan until a task held by a rate cap or a backed-off PoP may go; Long.MAX_VALUE when none was held. */
    long heldNanos() {
        return heldNanos;
    }

    /** Whether a batch of these partitions has begun (some of its tasks started) and still has tasks to start. */
    boolean holdsBegun(Collection<TopicPartition> partitions) {
        return batches.stream().anyMatch(b -> b.begun() && partitions.contains(b.partition()));
    }

    /** Forgets the batches of these partitions: their tasks not started yet are left to the partitions' next owner. */
    void drop(Collection<TopicPartition> partitions) {
        for (Iterator<PolledBatch> it = batches.iterator(); it.hasNext(); ) {
            PolledBatch batch = it.next();
            if (partitions.contains(batch.partition())) {
                remove(it, batch);
            }
        }
    }

    /** Starts waiting tasks, oldest first, while there is room and their PoP and job let them; drops cancelled jobs' batches. */
    void startWhileRoom() {
        startWhileRoom(false);
    }

    /** Starts the remaining tasks of begun batches only (a stop or revoke finishes those and starts no other), while there is room. */
    void finishBegunWhileRoom() {
        startWhileRoom(true);
    }

    /** What one scan met: PoPs passed over (full or backed off), jobs without a token, and how soon a held task may go. */
    private static final class Scan {
        final long now = System.currentTimeMillis();
        final Set<String> passedPops = new HashSet<>();
        final Set<String> cappedJobs = new HashSet<>();
        boolean slotBound;
        boolean processCapped;
        long heldNanos = Long.MAX_VALUE;

        void held(long nanos) {
            heldNanos = Math.min(heldNanos, Math.max(0, nanos));
        }
    }

    private void startWhileRoom(boolean begunOnly) {
        Scan scan = new Scan();
        for (Iterator<PolledBatch> it = batches.iterator(); it.hasNext(); ) {
            PolledBatch batch = it.next();
            if (cancellations.isCancelled(batch.requestID())) {
                runner.drop(batch);
                remove(it, batch);
            } else if (batch.begun() || !begunOnly) {
                if (limits.isFull()) {
                    scan.slotBound = true;
                } else if (!scan.processCapped && !scan.cappedJobs.contains(batch.requestID())) {
                    startFrom(batch, scan);
                }
                if (batch.allStarted()) {
                    remove(it, batch);
                }
            }
        }
        slotBound = scan.slotBound;
        heldNanos = scan.heldNanos;
    }

    private void startFrom(PolledBatch batch, Scan scan) {
        String job = batch.requestID();
        for (int i = batch.nextUnstarted(0); i >= 0; i = batch.nextUnstarted(i + 1)) {
            if (limits.isFull()) {
                scan.slotBound = true;
                return;
            }
            Task task = batch.task(i);
            String pop = task.pop();
            if (scan.passedPops.contains(pop)) {
                continue;
            }
            if (task.deadline() < scan.now) { // skipped without a request: no token, no circuit
                if (slot(pop, scan)) {
                    batch.started(i);
                    runner.start(task, batch);
                }
                continue;
            }
            PopCircuits.Gate gate = circuits.gate(pop);
            if (gate instanceof PopCircuits.Held held) {
                scan.passedPops.add(pop);
                scan.held(TimeUnit.MILLISECONDS.toNanos(held.untilMs() - scan.now));
                continue;
            }
            if (gate instanceof PopCircuits.GiveUp giveUp) {
                if (slot(pop, scan)) {
                    batch.started(i);
                    runner.fail(task, batch, giveUp.reason());
                }
                continue;
            }
            LocalJobs.Take take = jobs.tryTake(job);
            if (take != LocalJobs.Take.TAKEN) {
                scan.processCapped = take == LocalJobs.Take.PROCESS_CAPPED;
                scan.cappedJobs.add(job);
                scan.held(jobs.nanosUntilToken(job));
                return;
            }
            if (!slot(pop, scan)) {
                jobs.refund(job);
                continue;
            }
            if (gate instanceof PopCircuits.Probe) {
                circuits.probing(pop);
                scan.passedPops.add(pop); // one probe: the PoP's other tasks wait for its answer
            }
            batch.started(i);
            runner.start(task, batch);
        }
    }

    /** Takes a slot at {@code pop}, or marks the PoP full for the rest of the scan. */
    private boolean slot(String pop, Scan scan) {
        if (limits.tryAcquire(pop)) {
            return true;
        }
        scan.passedPops.add(pop);
        scan.slotBound = true;
        return false;
    }

    private void remove(Iterator<PolledBatch> it, PolledBatch batch) {
        it.remove();
        jobs.release(batch.requestID(), batch.pops());
    }
}
