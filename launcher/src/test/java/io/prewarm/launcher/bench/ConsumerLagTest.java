package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The consumer lag the soak reports: end offsets minus committed, summed over partitions. */
class ConsumerLagTest {
    private static final TopicPartition T0 = new TopicPartition("prewarm.tasks", 0);
    private static final TopicPartition T1 = new TopicPartition("prewarm.tasks", 1);
    private static final TopicPartition T2 = new TopicPartition("prewarm.tasks", 2);

    @Test
    void lagIsEndMinusCommittedSummedOverPartitions() {
        assertEquals(7 + 0, ConsumerLag.sum(Map.of(T0, 107L, T1, 40L), Map.of(T0, 100L, T1, 40L)));
    }

    @Test
    void aPartitionWithoutACommitCountsFromTheStart() {
        assertEquals(5 + 12, ConsumerLag.sum(Map.of(T0, 5L, T1, 12L), Map.of()));
    }

    @Test
    void aCommitPastTheStableEndIsNoNegativeLag() {
        // read_committed ends stop before an open transaction; a commit past its marker is not lag
        assertEquals(3, ConsumerLag.sum(Map.of(T0, 10L, T2, 50L), Map.of(T0, 11L, T2, 47L)));
    }
}
