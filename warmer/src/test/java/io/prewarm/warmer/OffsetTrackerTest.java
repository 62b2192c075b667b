package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The commit rule: a partition may be committed up to, never past, its oldest task without an acknowledged result. */
class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("prewarm.tasks", 0);
    private static final TopicPartition P1 = new TopicPartition("prewarm.tasks", 1);
    private final OffsetTracker offsets = new OffsetTracker();

    private void polled(TopicPartition tp, long... polled) {
        for (long o : polled) {
            offsets.polled(tp, o);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> commit(TopicPartition tp, long offset) {
        return Map.of(tp, new OffsetAndMetadata(offset));
    }

    @Test
    void nothingPolledMeansNothingToCommit() {
        assertEquals(Map.of(), offsets.committable());
    }

    @Test
    void tasksFinishingOutOfOrderAreCommittedOnlyUpToTheOldestOpenOne() {
        polled(P0, 10, 11, 12, 13, 14);
        offsets.done(P0, 11);
        offsets.done(P0, 12);
        offsets.done(P0, 14);
        assertEquals(commit(P0, 10), offsets.committable(), "10 is open: nothing after it");

        offsets.done(P0, 10);
        assertEquals(commit(P0, 13), offsets.committable(), "up to 13, still open");

        offsets.done(P0, 13);
        assertEquals(commit(P0, 15), offsets.committable(), "everything polled is done: the next offset");
    }

    @Test
    void aTaskThatNeverFinishesHoldsItsPartitionButNotTheOthers() {
        polled(P0, 0, 1, 2);
        polled(P1, 0, 1);
        offsets.done(P0, 1);
        offsets.done(P0, 2);
        offsets.done(P1, 0);
        offsets.done(P1, 1);

        assertEquals(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(2)), offsets.committable());
    }

    @Test
    void aCommittedOffsetIsNotOfferedAgainUntilItMoves() {
        polled(P0, 0, 1);
        offsets.done(P0, 0);
        offsets.markCommitted(offsets.committable());
        assertEquals(Map.of(), offsets.committable(), "1 is still open and 1 is committed");

        offsets.done(P0, 1);
        assertEquals(commit(P0, 2), offsets.committable());
        offsets.markCommitted(commit(P0, 2));
        assertEquals(Map.of(), offsets.committable());
    }

    @Test
    void aForgottenPartitionIsNoLongerCommittedAndStartsAfreshWhenPolledAgain() {
        polled(P0, 5, 6);
        polled(P1, 0);
        offsets.done(P0, 5);
        offsets.markCommitted(commit(P0, 6));

        offsets.forget(P0);
        offsets.done(P0, 6); // a task of the lost partition finishing late changes nothing
        assertEquals(commit(P1, 0), offsets.committable());

        polled(P0, 6);
        assertEquals(Map.of(P0, new OffsetAndMetadata(6), P1, new OffsetAndMetadata(0)), offsets.committable(),
                "6 again: the earlier commit of 6 was forgotten with the partition");
    }
}
