package io.prewarm.warmer;

import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.TaskBatch;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warmer's consumer loop. Task batches are polled as one consumer group; their tasks are
 * started one by one while {@link InFlightLimits} has room and their PoP's circuit and their job's
 * rate cap let them ({@link WaitingTasks}, {@link Pacing}). The partitions stay paused while a task
 * waits for a slot, so at most about one poll's worth of batches waits in memory; while every
 * waiting task is held only by a rate cap or a backed-off PoP the loop keeps polling, so other
 * jobs go on, up to {@link Pacing#maxWaitingBatches} batches (then it pauses too, and what is behind
 * the held batches waits: the head-of-line limit). After each rebalance every capped job's rate
 * here follows this warmer's part of the task partitions ({@link LocalJobs#share}); PoP
 * back-offs are told to the jobs they hold ({@link BackoffNotices}). {@link TaskRunner} ends every started task exactly once and gives its slot back when
 * its HTTP exchange ends, whatever fails on the way. A batch's offset is committed only after the
 * results of all its tasks have been acknowledged by Kafka (see {@link OffsetTracker}):
 * at-least-once, and the status fold ignores repeats. A task that ends without an acknowledged
 * result (the warm future failed, the send threw, or its callback reported an error after the
 * producer's own retries) leaves its batch open on purpose: its partition's commit point stops
 * there until this warmer loses the partition or stops, and the next owner warms that batch again,
 * with the ones after it (repeats). It is not retried in place: a send that fails for good (a
 * record too large, no authorization) would loop.
 *
 * <p>A document task (issue 16) is one task like any other here: it waits for its slot, its PoP's
 * circuit and its job's token, is read by {@link ReadDocument} instead of warmed, and its batch is
 * done once the document's result is acknowledged (after all of its parts).
 *
 * <p>A cancelled job's tasks are never started ({@link Cancellations}, asked as each batch is
 * polled and each time its tasks would start): they are dropped without a request or a result, and
 * count as settled for their batch's offset, so a cancel stops them while they wait in memory and
 * never holds a partition back. Its tasks in flight finish and their results go out as usual.
 *
 * <p>The loop does not turn once per finished task: while tasks wait it sleeps until a worthwhile
 * number of slots or results came back, or a few milliseconds passed, and commits on a short
 * timer (and on revoke and close), not on every turn.
 */
final class TaskConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConsumer.class);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL_WAIT = Duration.ofMillis(100);
    private static final Duration REFILL_WAIT = Duration.ofMillis(5);
    private static final Duration MIN_HELD_WAIT = Duration.ofMillis(1);
    private static final long COMMIT_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Consumer<String, TaskBatch> consumer;
    private final InFlightLimits limits;
    private final OffsetTracker offsets = new OffsetTracker();
    private final WaitingTasks waiting;
    private final Pacing pacing;
    private final BackoffNotices notices;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean draining;
    private boolean rebalanced = true;

    TaskConsumer(Consumer<String, TaskBatch> consumer, ResultBatcher results, Warm warm, Cancellations cancellations, InFlightLimits limits,
                 WarmerMetrics metrics, Pacing pacing) {
        this(consumer, results, warm, (task, read) -> CompletableFuture.failedFuture(new IllegalStateException("this warmer reads no documents")),
                cancellations, limits, metrics, pacing);
    }

    /** A loop whose document tasks ({@link TaskBatch#isDocumentTask}) are read by {@code documents}. */
    TaskConsumer(Consumer<String, TaskBatch> consumer, ResultBatcher results, Warm warm, ReadDocument documents, Cancellations cancellations,
                 InFlightLimits limits, WarmerMetrics metrics, Pacing pacing) {
        this.consumer = consumer;
        this.limits = limits;
        this.pacing = pacing;
        this.notices = new BackoffNotices(pacing.circuits(), pacing.jobs(), results);
        this.waiting = new WaitingTasks(limits, new TaskRunner(warm, documents, results, limits, offsets,
                metrics.inFlight(limits::inFlight).pendingResults(limits::pendingResults)
                .popsBackedOff(pacing.circuits()::openCount), pacing.jobs()), cancellations, pacing.jobs(),
                pacing.circuits());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(TASKS.name()), new Rebalance());
            long lastPoll = System.nanoTime() - POLL_WAIT.toNanos();
            long lastCommit = System.nanoTime();
            while (running) {
                if (waiting.isEmpty() || System.nanoTime() - lastPoll >= POLL_WAIT.toNanos()) {
                    poll();
                    lastPoll = System.nanoTime();
                }
                long freedSeen = limits.freedCount();
                waiting.startWhileRoom();
                notices.sendChanges();
                if (System.nanoTime() - lastCommit >= COMMIT_EVERY_NANOS) {
                    commit(false);
                    lastCommit = System.nanoTime();
                }
                awaitRoom(freedSeen);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            draining = true;
            int held = limits.inFlight() + limits.pendingResults();
            drain(consumer.assignment());
            commit(true);
            consumer.close();
            LOG.info("warmer stopped: {} warm requests and results in flight finished ({} left unfinished), offsets committed",
                    held - limits.inFlight() - limits.pendingResults(), limits.inFlight() + limits.pendingResults());
            stopped.countDown();
        }
    }

    /**
     * While tasks wait for room, sleep until enough slots or results came back (bounded, so a lone
     * free slot is refilled within a few milliseconds), instead of turning once per finished task.
     */
    private void awaitRoom(long freedSeen) {
        try {
            awaitRoomOrDue(freedSeen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * A task that waits for a slot is started as soon as slots come back; one held only by a rate
     * cap or a backed-off PoP when its token or its PoP's next try is due (at most a poll's wait).
     */
    private void awaitRoomOrDue(long freedSeen) throws InterruptedException {
        if (waiting.isEmpty()) {
            return;
        }
        if (waiting.slotBound()) {
            limits.awaitFreedAfter(freedSeen, REFILL_WAIT);
        } else {
            TimeUnit.NANOSECONDS.sleep(Math.max(MIN_HELD_WAIT.toNanos(), Math.min(waiting.heldNanos(), POLL_WAIT.toNanos())));
        }
    }

    /**
     * With tasks waiting, a poll only keeps the consumer in its group (partitions paused); without,
     * it waits for new batches. Null and empty records are done at once, as there is nothing to warm.
     */
    private void poll() {
        boolean backlog = !waiting.isEmpty();
        if (backlog && (waiting.slotBound() || waiting.size() >= pacing.maxWaitingBatches())) {
            consumer.pause(consumer.assignment());
        } else {
            consumer.resume(consumer.paused());
        }
        try {
            for (ConsumerRecord<String, TaskBatch> r : consumer.poll(backlog ? Duration.ZERO : POLL_WAIT)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                offsets.polled(tp, r.offset());
                if (r.value() == null || r.value().size() <= 0) {
                    offsets.done(tp, r.offset());
                } else {
                    PolledBatch batch = new PolledBatch(tp, r.offset(), r.value());
                    if (waiting.add(batch)) {
                        notices.arrived(batch);
                    }
                }
            }
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping unreadable task batch at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        if (rebalanced) {
            shareRates();
        }
    }

    /** After a rebalance: this warmer's part of every capped job's rate is its part of the task partitions. */
    private void shareRates() {
        try {
            List<PartitionInfo> all = consumer.partitionsFor(TASKS.name());
            pacing.jobs().share(consumer.assignment().size(), all == null ? 0 : all.size());
            rebalanced = false;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the partitions of {} ({}); rate shares are recomputed at the next poll", TASKS.name(), e.toString());
        }
    }

    private void commit(boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> next = offsets.committable();
        next.keySet().retainAll(consumer.assignment());
        if (next.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(next);
                offsets.markCommitted(next);
            } catch (RuntimeException e) {
                LOG.warn("offset commit failed ({}); uncommitted task batches will be warmed again", e.getMessage());
            }
        } else {
            consumer.commitAsync(next, (done, error) -> {
                if (error == null) {
                    offsets.markCommitted(done);
                }
            });
        }
    }

    /**
     * Warms the begun batches of these partitions to their end (and starts no other), then waits for
     * their results to be acknowledged, all within {@link #DRAIN_LIMIT}. A batch is not dropped
     * half-started: the next owner would warm all of it again, so a clean stop or a rebalance would
     * repeat tasks. Batches not begun are dropped and left, uncommitted, to the next owner; so is what
     * is still waiting when the time is up. (Batches start oldest first, so a partition's begun
     * batches come before its untouched ones, unless a full PoP held an older batch back.)
     */
    private void drain(Collection<TopicPartition> partitions) {
        long until = System.nanoTime() + DRAIN_LIMIT.toNanos();
        try {
            while (waiting.holdsBegun(partitions) && System.nanoTime() < until) {
                long freedSeen = limits.freedCount();
                waiting.finishBegunWhileRoom();
                if (waiting.holdsBegun(partitions)) {
                    awaitRoomOrDue(freedSeen);
                }
            }
            waiting.drop(partitions);
            limits.awaitIdle(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            rebalanced = true;
            drain(partitions);
            commit(true);
            partitions.forEach(offsets::forget);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            rebalanced = true;
            LOG.info("warming tasks of partitions {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            rebalanced = true;
            partitions.forEach(offsets::forget);
            waiting.drop(partitions);
        }
    }

    /** Whether the loop has stopped and is finishing the begun batches: from now on it begins no other. */
    boolean draining() {
        return draining;
    }

    /** Stops taking tasks, lets started ones finish (bounded), commits and closes the consumer. */
    @Override
    public void close() {
        running = false;
        try {
            if (!stopped.await(DRAIN_LIMIT.toSeconds() + 15, TimeUnit.SECONDS)) {
                consumer.wakeup();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
