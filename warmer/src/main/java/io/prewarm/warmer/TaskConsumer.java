package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warmer's consumer loop. Tasks are polled as one consumer group, started while fewer than
 * {@code maxInFlight} are running, and the partitions are paused while that limit is reached, so
 * at most one poll's worth of tasks waits in memory. A task's offset is committed only after its
 * result has been acknowledged by Kafka (see {@link OffsetTracker}): at-least-once, and the status
 * fold ignores repeats.
 */
public final class TaskConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConsumer.class);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL_WAIT = Duration.ofMillis(100);

    private final KafkaConsumer<String, Task> consumer;
    private final KafkaProducer<String, WarmResult> producer;
    private final EdgeClient edge;
    private final int maxInFlight;
    private final int maxPerPop;
    private final Map<String, Integer> inFlightPerPop = new HashMap<>();
    private final OffsetTracker offsets = new OffsetTracker();
    private final ArrayDeque<ConsumerRecord<String, Task>> waiting = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final WarmerMetrics metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    public TaskConsumer(KafkaConsumer<String, Task> consumer, KafkaProducer<String, WarmResult> producer, EdgeClient edge, int maxInFlight, int maxPerPop) {
        this(consumer, producer, edge, maxInFlight, maxPerPop, new WarmerMetrics(new CompositeMeterRegistry()));
    }

    public TaskConsumer(KafkaConsumer<String, Task> consumer, KafkaProducer<String, WarmResult> producer, EdgeClient edge, int maxInFlight, int maxPerPop,
                        WarmerMetrics metrics) {
        this.consumer = consumer;
        this.producer = producer;
        this.edge = edge;
        this.maxInFlight = maxInFlight;
        this.maxPerPop = maxPerPop;
        this.metrics = metrics.inFlight(inFlight::get);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(TASKS.name()), new Rebalance());
            while (running) {
                awaitRoom();
                poll(waiting.isEmpty() ? POLL_WAIT : Duration.ZERO);
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
            int started = inFlight.get();
            drain(consumer.assignment());
            commit(true);
            consumer.close();
            LOG.info("warmer stopped: {} warm requests in flight finished ({} left unfinished), results produced, offsets committed",
                    started - inFlight.get(), inFlight.get());
            stopped.countDown();
        }
    }

    /**
     * While tasks wait for room, sleep until a running one finishes (bounded, so the consumer keeps
     * polling for its group), instead of a full poll timeout: a slot is refilled the moment it frees.
     */
    private void awaitRoom() {
        if (waiting.isEmpty()) {
            return;
        }
        synchronized (inFlight) {
            if (inFlight.get() > 0) {
                try {
                    inFlight.wait(POLL_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void poll(Duration wait) {
        try {
            for (ConsumerRecord<String, Task> r : consumer.poll(wait)) {
                offsets.polled(new TopicPartition(r.topic(), r.partition()), r.offset());
                waiting.add(r);
            }
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping unreadable task at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    /** Starts waiting tasks while there is room overall and at their PoP; the rest keep waiting. */
    private void startWaiting() {
        for (Iterator<ConsumerRecord<String, Task>> it = waiting.iterator(); it.hasNext() && inFlight.get() < maxInFlight; ) {
            ConsumerRecord<String, Task> r = it.next();
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.value() == null) {
                it.remove();
                offsets.done(tp, r.offset());
                continue;
            }
            String pop = r.value().pop();
            synchronized (inFlightPerPop) {
                if (inFlightPerPop.getOrDefault(pop, 0) >= maxPerPop) {
                    continue;
                }
                inFlightPerPop.merge(pop, 1, Integer::sum);
            }
            it.remove();
            inFlight.incrementAndGet();
            edge.warm(r.value()).thenAccept(result -> {
                metrics.record(result);
                producer.send(new ProducerRecord<>(RESULTS.name(), result.requestID(), result), (meta, error) -> finished(tp, r.offset(), result, error));
            });
        }
    }

    private void finished(TopicPartition tp, long offset, WarmResult result, Exception error) {
        if (error == null) {
            offsets.done(tp, offset);
        } else {
            LOG.warn("result of {} at {} not produced ({}); the task will be warmed again after a restart",
                    result.url(), result.pop(), error.getMessage());
        }
        synchronized (inFlightPerPop) {
            inFlightPerPop.merge(result.pop(), -1, (a, b) -> a + b == 0 ? null : a + b);
        }
        inFlight.decrementAndGet();
        synchronized (inFlight) {
            inFlight.notifyAll();
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
        waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        long until = System.nanoTime() + DRAIN_LIMIT.toNanos();
        synchronized (inFlight) {
            long left;
            while (inFlight.get() > 0 && (left = until - System.nanoTime()) > 0) {
                try {
                    inFlight.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        producer.flush();
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
            waiting.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
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
