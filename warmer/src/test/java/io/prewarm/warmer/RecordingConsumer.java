package io.prewarm.warmer;

import io.prewarm.contract.TaskBatch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's MockConsumer for tests of the consumer loop: like a broker it waits a little on an empty
 * poll (MockConsumer answers at once, and the loop would spin), it keeps every commit it is
 * asked for, so a test can tell how far a partition was ever committed, even after close, and it
 * counts polls, so a test can tell that the loop went round.
 */
final class RecordingConsumer extends MockConsumer<String, TaskBatch> {
    private final List<Map<TopicPartition, OffsetAndMetadata>> commits = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();

    RecordingConsumer() {
        super("earliest");
    }

    @Override
    public ConsumerRecords<String, TaskBatch> poll(Duration timeout) {
        polls.incrementAndGet();
        ConsumerRecords<String, TaskBatch> records = super.poll(timeout);
        if (records.isEmpty() && !timeout.isZero()) {
            LockSupport.parkNanos(Math.min(timeout.toNanos(), TimeUnit.MILLISECONDS.toNanos(5)));
        }
        return records;
    }

    @Override
    public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        commits.add(Map.copyOf(offsets));
        super.commitAsync(offsets, callback);
    }

    @Override
    public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commits.add(Map.copyOf(offsets));
        super.commitSync(offsets);
    }

    /** How many polls the loop made so far. */
    int polls() {
        return polls.get();
    }

    /** The furthest offset ever committed for {@code tp}, -1 for none. */
    long furthestCommit(TopicPartition tp) {
        return commits.stream().filter(c -> c.containsKey(tp)).mapToLong(c -> c.get(tp).offset()).max().orElse(-1);
    }
}
