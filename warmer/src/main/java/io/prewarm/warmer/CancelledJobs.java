package io.prewarm.warmer;

import static io.prewarm.contract.Topics.CANCELS;

import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs somebody cancelled, as this warmer knows them, so it stops sending their tasks. Every
 * warmer needs every cancel, whichever partitions of the tasks it owns, so {@code prewarm.cancels}
 * is read whole, without a group (all partitions assigned, from their beginning; a partition added
 * later is found within a minute), on a thread of its own. It reads uncommitted records: a cancel
 * is idempotent, and a status store whose transaction aborted writes the same one again, so acting
 * on it early only saves a commit interval. A job is remembered for the retention after it ended
 * (the event's {@code finishedAt}) and then forgotten, so memory stays bounded; its tasks are long
 * past their deadline by then. A record that is not a CANCELLED event is logged and skipped. Each
 * cancel read live gets its own log line; the ones already on the topic at start, one line in all.
 */
final class CancelledJobs implements Cancellations, Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelledJobs.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RELIST = Duration.ofMinutes(1);
    private static final Duration RELIST_WITHOUT_TOPIC = Duration.ofSeconds(1);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);
    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<JobStatusEvent> events = CANCELS.valueSerde().deserializer();
    private final long retentionMs;
    private final LongSupplier clock;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Map<TopicPartition, Long> catchUpTo;
    private long nextRelist = Long.MIN_VALUE;
    private volatile boolean running = true;

    CancelledJobs(Consumer<byte[], byte[]> consumer, Duration retention, LongSupplier clock) {
        this.consumer = consumer;
        this.retentionMs = retention.toMillis();
        this.clock = clock;
    }

    /**
     * Starts reading {@code prewarm.cancels} on its own thread and returns once the cancels already
     * on it are read (at most {@link #CATCH_UP_LIMIT}), so a restarted warmer takes no task of a
     * job cancelled before.
     */
    static CancelledJobs start(WarmerConfig config) {
        Map<String, Object> props = Map.of("bootstrap.servers", config.bootstrapServers(), "enable.auto.commit", false,
                "isolation.level", "read_uncommitted", "auto.offset.reset", "earliest", "allow.auto.create.topics", false);
        CancelledJobs cancels = new CancelledJobs(new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                config.retention(), System::currentTimeMillis);
        new Thread(cancels, "warmer-cancels").start();
        try {
            if (!cancels.awaitCaughtUp(CATCH_UP_LIMIT)) {
                LOG.warn("prewarm.cancels not read within {} s; taking tasks anyway, cancels apply as they are read", CATCH_UP_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cancels;
    }

    @Override
    public boolean isCancelled(String requestID) {
        return requestID != null && expiries.containsKey(requestID);
    }

    /** Waits, at most {@code max}, until the cancels on the topic when reading began have been read; whether they were. */
    boolean awaitCaughtUp(Duration max) throws InterruptedException {
        return caughtUp.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    turn();
                } catch (WakeupException e) {
                    // close() asked us to stop
                } catch (RuntimeException e) {
                    LOG.warn("reading prewarm.cancels failed ({}); trying again in a second", e.toString());
                    pause(Duration.ofSeconds(1));
                }
            }
        } finally {
            consumer.close();
            stopped.countDown();
        }
    }

    /** One round: re-list the partitions and forget expired jobs when due, then read what is new. */
    void turn() {
        long now = clock.getAsLong();
        if (now >= nextRelist) {
            boolean found = relist();
            if (!found) {
                caughtUp.countDown(); // no topic yet, so no cancel to catch up on
            }
            expiries.values().removeIf(expiry -> expiry <= now);
            nextRelist = now + (found ? RELIST : RELIST_WITHOUT_TOPIC).toMillis();
        }
        if (consumer.assignment().isEmpty()) {
            pause(POLL);
            return;
        }
        checkCaughtUp(); // before the poll too: an empty topic need not wait out a poll
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            read(r, now);
        }
        checkCaughtUp();
    }

    private void checkCaughtUp() {
        if (caughtUp.getCount() > 0 && catchUpTo != null
                && catchUpTo.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            LOG.info("{} cancelled jobs known from prewarm.cancels", expiries.size());
            caughtUp.countDown();
        }
    }

    /** Assigns every partition of the topic, new ones read from their beginning; whether the topic has any. */
    private boolean relist() {
        List<PartitionInfo> infos = consumer.partitionsFor(CANCELS.name());
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        Set<TopicPartition> all = new HashSet<>();
        infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        Set<TopicPartition> added = new HashSet<>(all);
        added.removeAll(consumer.assignment());
        if (!added.isEmpty()) {
            consumer.assign(all);
            consumer.seekToBeginning(added);
            LOG.info("reading cancels from {} partitions of {}", all.size(), CANCELS.name());
        }
        if (catchUpTo == null) {
            catchUpTo = consumer.endOffsets(all); // once: what "caught up" means is what was there when reading began
        }
        return true;
    }

    private void read(ConsumerRecord<byte[], byte[]> r, long now) {
        JobStatusEvent event;
        try {
            event = events.deserialize(r.topic(), r.value());
        } catch (SerializationException e) {
            LOG.warn("skipping unreadable cancel at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(),
                    e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        if (event == null) {
            return;
        }
        if (event.status() != JobStatus.CANCELLED || event.requestID() == null || event.requestID().isBlank()) {
            LOG.warn("skipping record at {}-{}@{}: not a CANCELLED event with a requestID", r.topic(), r.partition(), r.offset());
            return;
        }
        // a finishedAt in the future (a skewed clock, a hostile record) counts as now: no entry outlives the retention from now
        long expiry = (event.finishedAt() > 0 ? Math.min(event.finishedAt(), now) : now) + retentionMs;
        if (expiry > now && expiries.put(event.requestID(), expiry) == null && caughtUp.getCount() == 0) {
            LOG.info("job {} cancelled: its remaining tasks are not sent", event.requestID());
        }
    }

    private void pause(Duration time) {
        try {
            stopping.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops reading and closes the consumer. */
    @Override
    public void close() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        try {
            if (!stopped.await(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the cancels reader did not stop within {} s", CLOSE_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
