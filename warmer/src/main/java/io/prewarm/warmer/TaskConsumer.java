package io.prewarm.warmer;

import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warmer's consumer loop. Tasks are polled as one consumer group and started while
 * {@link InFlightLimits} has room; the partitions are paused while it is full, so at most one
 * poll's worth of tasks waits in memory. {@link TaskRunner} ends every started task exactly once
 * and gives its slot back, whatever fails on the way. A task's offset is committed only after its
 * result has been acknowledged by Kafka (see {@link OffsetTracker}): at-least-once, and the status
 * fold ignores repeats. A task that ends without an acknowledged result (the warm future failed,
 * the send threw, or its callback reported an error after the producer's own retries) leaves its
 * offset open on purpose: its partition's commit point stops there until this warmer loses the
 * partition or stops, and the next owner warms that task again, with the ones after it (repeats).
 * It is not retried in place: a send that fails for good (a record too large, no authorization)
 * would loop.
 */
final class TaskConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConsumer.class);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final Consumer<String, Task> consumer;
    private final Producer<String, WarmResult> producer;
    private final InFlightLimits limits;
    private final OffsetTracker offsets = new OffsetTracker();
    private final TaskRunner runner;
    private final ArrayDeque<ConsumerRecord<String, Task>> waiting = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    TaskConsumer(Consumer<String, Task> consumer, Producer<String, WarmResult> producer, Warm warm, InFlightLimits limits, WarmerMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.limits = limits;
        this.runner = new TaskRunner(warm, producer, limits, offsets, metrics.inFlight(limits::inFlight));
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(TASKS.name()), new Rebalance());
            long releasesSeen = limits.releases();
            while (running) {
                awaitRoom(releasesSeen);
                poll(waiting.isEmpty() ? POLL_WAIT : Duration.ZERO);
                releasesSeen = limits.releases();
                startWaiting();
                if (waiting.isEmpty()) {
                    consumer.resume(consumer.paused());
                } else {
                    consumer.pause(consumer.assignment());
                }
                commit(false);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            int started = limits.inFlight();
            drain(consumer.assignment());
            commit(true);
            consumer.close();
            LOG.info("warmer stopped: {} warm requests in flight finished ({} left unfinished), results produced, offsets committed",
                    started - limits.inFlight(), limits.inFlight());
            stopped.countDown();
        }
    }

    /**
     * While tasks wait for room, sleep until a running one finishes (bounded, so the consumer keeps
     * polling for its group), instead of a full poll timeout: a slot is refilled the moment it frees.
     */
    private void awaitRoom(long releasesSeen) {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            limits.awaitReleaseAfter(releasesSeen, POLL_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void poll(Duration wait) {
        try {
            for (ConsumerRecord<String, Task> r : consumer.poll(wait)) {
                offsets.polled(partitionOf(r), r.offset());
                waiting.add(r);
            }
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping unreadable task at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    /** Starts waiting tasks while there is room overall and at their PoP; the rest keep waiting. */
    private void startWaiting() {
        for (Iterator<ConsumerRecord<String, Task>> it = waiting.iterator(); it.hasNext() && !limits.isFull(); ) {
            ConsumerRecord<String, Task> r = it.next();
            if (r.value() == null) {
                it.remove();
                offsets.done(partitionOf(r), r.offset());
            } else if (limits.tryAcquire(r.value().pop())) {
                it.remove();
                runner.start(r.value(), partitionOf(r), r.offset());
            }
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
                LOG.warn("offset commit failed ({}); uncommitted tasks will be warmed again", e.getMessage());
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
     * Drops tasks of these partitions that were not started (their offsets stay uncommitted, so
     * the next owner warms them) and waits, bounded, for started tasks to produce their results.
     */
    private void drain(Collection<TopicPartition> partitions) {
        waiting.removeIf(r -> partitions.contains(partitionOf(r)));
        try {
            limits.awaitIdle(DRAIN_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        producer.flush();
    }

    private static TopicPartition partitionOf(ConsumerRecord<?, ?> r) {
        return new TopicPartition(r.topic(), r.partition());
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drain(partitions);
            commit(true);
            partitions.forEach(offsets::forget);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("warming tasks of partitions {}", partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(offsets::forget);
            waiting.removeIf(r -> partitions.contains(partitionOf(r)));
        }
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
