package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Apps;
import io.prewarm.contract.Topics;
import io.prewarm.status.fold.FoldProgress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When "read up to the end offset at the call" holds, decided on fake offsets and a fake clock (no broker). */
class ReadYourWritesTest {
    private static final TopicPartition JOBS_1 = new TopicPartition(Topics.JOBS.name(), 1);
    private static final TopicPartition REQ_0 = new TopicPartition(Topics.REQUESTS.name(), 0);
    private static final TopicPartition REQ_1 = new TopicPartition(Topics.REQUESTS.name(), 1);
    private static final long DEADLINE = TimeUnit.SECONDS.toNanos(5);

    /** Offsets as the fake broker has them; data[tp] holds the offsets of its data records (the rest are markers). */
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    /** The last stable offsets where they are below {@code ends} (a transaction open, or its markers not written yet). */
    private final Map<TopicPartition, Long> stable = new HashMap<>();
    private final Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
    private final Map<TopicPartition, List<Long>> data = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final FoldProgress fold = new FoldProgress();
    private long now;
    private Runnable onPause = () -> { };
    private boolean kafkaDown;

    private final ReadYourWrites.Offsets offsets = new ReadYourWrites.Offsets() {
        @Override
        public List<TopicPartition> partitions(String topic) {
            return List.of(REQ_0, REQ_1);
        }

        @Override
        public Map<TopicPartition, Long> ends(List<TopicPartition> partitions, boolean committed) {
            down();
            Map<TopicPartition, Long> out = new HashMap<>();
            partitions.forEach(tp -> out.put(tp, committed && stable.containsKey(tp) ? stable.get(tp) : ends.getOrDefault(tp, 0L)));
            return out;
        }

        @Override
        public Map<TopicPartition, Long> committed(String group, List<TopicPartition> partitions) {
            down();
            calls.add("committed " + group);
            return committed.getOrDefault(group, Map.of());
        }

        @Override
        public OptionalLong firstData(TopicPartition tp, long from, long to, long deadlineNanos) {
            calls.add("data " + tp + " [" + from + ", " + to + ")");
            return data.getOrDefault(tp, List.of()).stream().filter(o -> o >= from && o < to).mapToLong(Long::longValue).min();
        }
    };

    private final ReadYourWrites rw = new ReadYourWrites(offsets, fold, () -> now, millis -> {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
        onPause.run();
    });

    private void down() {
        if (kafkaDown) {
            throw new KafkaException("broker away");
        }
    }

    @Test
    void theFoldHavingProcessedUpToTheEndIsCaughtUpWithoutAskingTheGroup() {
        ends.put(JOBS_1, 10L);
        fold.processed(1, 9);

        assertTrue(rw.awaitJobs(1, DEADLINE));
        assertEquals(List.of(), calls);
        assertEquals(0, now, "no wait");
    }

    @Test
    void theGroupsCommittedOffsetCountsWhenTheFoldIsBehindIt() {
        ends.put(JOBS_1, 10L);
        fold.processed(1, 3);
        committed.put(Apps.STATUS, Map.of(JOBS_1, 10L));

        assertTrue(rw.awaitJobs(1, DEADLINE));
    }

    @Test
    void onlyTransactionMarkersLeftBeforeTheEndIsCaughtUp() {
        ends.put(JOBS_1, 10L);
        data.put(JOBS_1, List.of(8L));
        fold.processed(1, 8);

        assertTrue(rw.awaitJobs(1, DEADLINE));
        assertEquals(List.of("committed prewarm-status", "data prewarm.jobs-1 [9, 10)"), calls);
    }

    @Test
    void anUnreadRecordBeforeTheEndIsWaitedForUntilTheFoldReadsIt() {
        ends.put(JOBS_1, 10L);
        data.put(JOBS_1, List.of(8L));
        fold.processed(1, 7);
        onPause = () -> {
            if (now >= TimeUnit.MILLISECONDS.toNanos(200)) {
                fold.processed(1, 8);
            }
        };

        assertTrue(rw.awaitJobs(1, DEADLINE));
        assertTrue(now >= TimeUnit.MILLISECONDS.toNanos(200) && now <= TimeUnit.MILLISECONDS.toNanos(230), "a look soon after the fold moved: " + now);
        assertEquals(2, calls.stream().filter(c -> c.startsWith("data")).count(), "no Kafka look while the record was known unread");
    }

    @Test
    void recordsWrittenAfterTheCallAreNotWaitedFor() {
        ends.put(JOBS_1, 10L);
        data.put(JOBS_1, List.of(8L, 12L));
        fold.processed(1, 8);
        onPause = () -> ends.put(JOBS_1, 13L);

        assertTrue(rw.awaitJobs(1, DEADLINE));
    }

    @Test
    void aCommitAcknowledgedWhoseMarkersAreNotWrittenYetIsWaitedFor() {
        ends.put(JOBS_1, 10L);
        stable.put(JOBS_1, 8L);
        data.put(JOBS_1, List.of(8L));
        fold.processed(1, 7);
        onPause = () -> {
            stable.remove(JOBS_1);
            if (now >= TimeUnit.MILLISECONDS.toNanos(100)) {
                fold.processed(1, 8);
            }
        };

        assertTrue(rw.awaitJobs(1, DEADLINE));
        assertTrue(calls.contains("data prewarm.jobs-1 [8, 10)"), "the record of the commit counts: " + calls);
        assertTrue(now >= TimeUnit.MILLISECONDS.toNanos(100), "waited until the fold read it");
    }

    @Test
    void aTransactionStillOpenAfterTheGraceIsNotWaitedFor() {
        ends.put(JOBS_1, 10L);
        stable.put(JOBS_1, 5L);
        data.put(JOBS_1, List.of(4L, 7L));
        fold.processed(1, 4);

        assertTrue(rw.awaitJobs(1, DEADLINE));
        assertEquals(ReadYourWrites.MARKER_GRACE.toNanos(), now, "it waited out the grace, no longer");
    }

    @Test
    void aWaitEndsAsSoonAsWhatItWaitsForIsThereBeforeTheRestIsRead() {
        ends.put(JOBS_1, 10L);
        data.put(JOBS_1, List.of(8L));
        fold.processed(1, 3);
        onPause = () -> {
            if (now >= TimeUnit.MILLISECONDS.toNanos(100)) {
                fold.processed(1, 4); // the first chunk of a big registration: its header is there
            }
        };

        assertTrue(rw.awaitJobs(1, DEADLINE, () -> fold.next(1).orElse(0) >= 5));
        assertTrue(now < TimeUnit.MILLISECONDS.toNanos(200), "did not wait for the rest of the partition: " + now);
    }

    @Test
    void theDeadlinePassingFirstIsNotCaughtUp() {
        ends.put(JOBS_1, 10L);
        data.put(JOBS_1, List.of(8L));

        assertFalse(rw.awaitJobs(1, DEADLINE));
        assertTrue(now >= DEADLINE);
    }

    @Test
    void theExpanderIsCaughtUpWhenEveryRequestsPartitionIsReadToItsEnd() {
        ends.put(REQ_0, 5L);
        ends.put(REQ_1, 7L);
        data.put(REQ_0, List.of(3L));
        data.put(REQ_1, List.of(6L));
        committed.put(Apps.EXPANDER, new HashMap<>(Map.of(REQ_0, 5L, REQ_1, 6L)));
        onPause = () -> committed.get(Apps.EXPANDER).put(REQ_1, 7L);

        assertTrue(rw.awaitExpander(DEADLINE));
        assertTrue(calls.contains("data prewarm.requests-1 [6, 7)"));
        assertTrue(now > 0, "it waited for partition 1");
    }

    @Test
    void aGroupThatNeverCommittedHasReadNothingOfAPartitionWithData() {
        ends.put(REQ_0, 2L);
        data.put(REQ_0, List.of(0L));

        assertFalse(rw.awaitExpander(DEADLINE));
    }

    @Test
    void emptyTopicsAreReadToTheirEnd() {
        assertTrue(rw.awaitExpander(DEADLINE));
        assertTrue(rw.awaitJobs(1, DEADLINE));
    }

    @Test
    void kafkaAwayIsNotCaughtUp() {
        kafkaDown = true;

        assertFalse(rw.awaitJobs(1, DEADLINE));
        assertFalse(rw.awaitExpander(DEADLINE));
    }
}
