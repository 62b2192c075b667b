package io.prewarm.warmer;

import static io.prewarm.contract.Topics.CANCELS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What a warmer learns from {@code prewarm.cancels}, on Kafka's MockConsumer, one round at a time
 * with a clock the test moves: which jobs are cancelled, for how long, what it skips, and that it
 * finds a partition added later and keeps reading after a failure.
 */
class CancelledJobsTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final Duration RETENTION = Duration.ofHours(72);

    private final ParkingConsumer consumer = new ParkingConsumer();
    private final AtomicLong clock = new AtomicLong(NOW);
    private final CancelledJobs cancels = new CancelledJobs(consumer, RETENTION, clock::get);
    private final Map<TopicPartition, Long> next = new HashMap<>();

    /** The topic has {@code count} partitions, each holding {@code end} records so far. */
    private void partitions(int count, long end) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            TopicPartition tp = new TopicPartition(CANCELS.name(), p);
            infos.add(new PartitionInfo(tp.topic(), p, null, null, null));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
            consumer.updateEndOffsets(Map.of(tp, end));
        }
        consumer.updatePartitions(CANCELS.name(), infos);
    }

    private void write(int partition, byte[] value) {
        TopicPartition tp = new TopicPartition(CANCELS.name(), partition);
        long offset = next.merge(tp, 1L, Long::sum) - 1;
        consumer.addRecord(new ConsumerRecord<>(tp.topic(), partition, offset, null, value));
    }

    private static byte[] event(String requestID, JobStatus status, long finishedAt) {
        return CANCELS.valueSerde().serializer().serialize(CANCELS.name(),
                new JobStatusEvent(requestID, status, 10, 2, 0, 8, finishedAt - 60_000, finishedAt, null));
    }

    private static byte[] cancel(String requestID, long finishedAt) {
        return event(requestID, JobStatus.CANCELLED, finishedAt);
    }

    @Test
    void aCancelledEventMarksItsJobAndNoOther() {
        partitions(2, 0);
        cancels.turn();
        write(1, cancel("gone", NOW));
        cancels.turn();

        assertTrue(cancels.isCancelled("gone"));
        assertFalse(cancels.isCancelled("kept"));
        assertFalse(cancels.isCancelled(null));
    }

    @Test
    void badRecordsAreSkippedAndTheCancelsAfterThemStillCount() {
        partitions(1, 0);
        cancels.turn();
        write(0, "not json".getBytes(StandardCharsets.UTF_8));
        write(0, event("done", JobStatus.COMPLETED, NOW));
        write(0, cancel(null, NOW));
        write(0, null);
        write(0, cancel("gone", NOW));
        cancels.turn();

        assertTrue(cancels.isCancelled("gone"));
        assertFalse(cancels.isCancelled("done"), "only a CANCELLED event cancels");
    }

    @Test
    void aJobIsForgottenOnceTheRetentionAfterItEndedHasPassed() {
        partitions(1, 0);
        cancels.turn();
        write(0, cancel("gone", NOW - Duration.ofHours(1).toMillis()));
        cancels.turn();
        assertTrue(cancels.isCancelled("gone"));

        clock.set(NOW + RETENTION.toMillis() - Duration.ofHours(1).toMillis() - 1);
        cancels.turn();
        assertTrue(cancels.isCancelled("gone"), "still within the retention");

        clock.set(NOW + RETENTION.toMillis());
        cancels.turn();
        assertFalse(cancels.isCancelled("gone"));
    }

    @Test
    void aCancelOlderThanTheRetentionIsNotKeptAndOneFromTheFutureLastsNoLongerThanTheRetention() {
        partitions(1, 0);
        cancels.turn();
        write(0, cancel("old", NOW - RETENTION.toMillis() - 1));
        write(0, cancel("skewed", NOW + Duration.ofDays(365).toMillis()));
        cancels.turn();
        assertFalse(cancels.isCancelled("old"));
        assertTrue(cancels.isCancelled("skewed"));

        clock.set(NOW + RETENTION.toMillis());
        cancels.turn();
        assertFalse(cancels.isCancelled("skewed"));
    }

    @Test
    void aPartitionAddedLaterIsReadFromItsBeginningWithinAMinute() {
        partitions(1, 0);
        cancels.turn();
        partitions(2, 0);
        cancels.turn();
        assertFalse(consumer.assignment().contains(new TopicPartition(CANCELS.name(), 1)), "re-listed once a minute, not every round");

        clock.addAndGet(Duration.ofMinutes(1).toMillis());
        cancels.turn();
        write(1, cancel("gone", NOW));
        cancels.turn();
        assertTrue(cancels.isCancelled("gone"));
    }

    @Test
    void itIsCaughtUpOnceTheCancelsOnTheTopicAtStartAreRead() throws Exception {
        partitions(2, 1);
        cancels.turn();
        assertFalse(cancels.awaitCaughtUp(Duration.ZERO));
        write(0, cancel("a", NOW));
        cancels.turn();
        assertFalse(cancels.awaitCaughtUp(Duration.ZERO), "partition 1 not read yet");

        write(1, cancel("b", NOW));
        cancels.turn();
        assertTrue(cancels.awaitCaughtUp(Duration.ZERO));
    }

    @Test
    void withoutTheTopicThereIsNothingToCatchUpOn() throws Exception {
        cancels.turn();
        assertTrue(cancels.awaitCaughtUp(Duration.ZERO));
    }

    @Test
    void aFailedPollDoesNotStopTheReaderAndCloseEndsIt() throws Exception {
        partitions(1, 0);
        cancels.turn();
        consumer.setPollException(new KafkaException("the broker went away"));
        Thread reader = new Thread(cancels, "cancels-under-test");
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.polls() >= 1);
        consumer.schedulePollTask(() -> write(0, cancel("gone", NOW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> cancels.isCancelled("gone"));

        cancels.close();
        reader.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(reader.isAlive());
        assertTrue(consumer.closed());
    }

    /** MockConsumer waiting a little on an empty poll, like a broker, and counting polls. */
    private static final class ParkingConsumer extends MockConsumer<byte[], byte[]> {
        private final AtomicLong polls = new AtomicLong();

        ParkingConsumer() {
            super("earliest");
        }

        @Override
        public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            polls.incrementAndGet();
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return records;
        }

        long polls() {
            return polls.get();
        }
    }
}
