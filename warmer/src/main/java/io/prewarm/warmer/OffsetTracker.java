package io.prewarm.warmer;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Knows, per partition, which polled record offsets (task batches) are not done yet, and therefore
 * how far the group may commit: up to (not including) the oldest unfinished offset. A batch is
 * done when every task in it has its result acknowledged by Kafka ({@link PolledBatch}); batches
 * finish out of order, and a commit never passes one that is not done, so a crash re-delivers it
 * instead of losing it. Called from the consumer thread and from producer callbacks, hence
 * synchronized.
 */
final class OffsetTracker {
    private final Map<TopicPartition, TreeSet<Long>> open = new HashMap<>();
    private final Map<TopicPartition, Long> nextAfterPolled = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    synchronized void polled(TopicPartition tp, long offset) {
        open.computeIfAbsent(tp, k -> new TreeSet<>()).add(offset);
        nextAfterPolled.merge(tp, offset + 1, Math::max);
    }

    synchronized void done(TopicPartition tp, long offset) {
        TreeSet<Long> offsets = open.get(tp);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** Offsets that may be committed now and were not committed before. */
    synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        nextAfterPolled.forEach((tp, next) -> {
            TreeSet<Long> offsets = open.get(tp);
            long safe = offsets == null || offsets.isEmpty() ? next : offsets.first();
            if (!Long.valueOf(safe).equals(committed.get(tp))) {
                out.put(tp, new OffsetAndMetadata(safe));
            }
        });
        return out;
    }

    synchronized void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, om) -> committed.put(tp, om.offset()));
    }

    /** Forget a partition this consumer no longer owns. */
    synchronized void forget(TopicPartition tp) {
        open.remove(tp);
        nextAfterPolled.remove(tp);
        committed.remove(tp);
    }
}
