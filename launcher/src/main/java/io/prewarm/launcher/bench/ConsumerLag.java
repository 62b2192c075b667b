package io.prewarm.launcher.bench;

import io.prewarm.contract.Apps;
import io.prewarm.contract.Topics;
import io.prewarm.status.query.KafkaOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far behind its input each consumer of the soak is, in records: the warmer group on
 * {@code prewarm.tasks}, and the status store's Streams app (its group is its application id,
 * {@link Apps#STATUS}) on its inputs {@code prewarm.jobs} and {@code prewarm.results}. Each
 * partition's lag is its end offset (read_committed: the last stable offset, so an open transaction
 * does not count) minus the group's committed offset; a partition the group has not committed yet
 * counts from offset 0. Read through the status store's {@link KafkaOffsets}, every call bounded.
 */
final class ConsumerLag implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);

    private final KafkaOffsets offsets;
    private final String warmerGroup;

    ConsumerLag(String bootstrapServers, String warmerGroup) {
        this.offsets = new KafkaOffsets(bootstrapServers);
        this.warmerGroup = warmerGroup;
    }

    /** The warmer group's lag on prewarm.tasks, or -1 when Kafka did not answer. */
    long warmer() {
        return of(warmerGroup, List.of(Topics.TASKS.name()));
    }

    /** The status store's lag on prewarm.jobs and prewarm.results, or -1 when Kafka did not answer. */
    long status() {
        return of(Apps.STATUS, List.of(Topics.JOBS.name(), Topics.RESULTS.name()));
    }

    private long of(String group, List<String> topics) {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            topics.forEach(t -> partitions.addAll(offsets.partitions(t)));
            return sum(offsets.ends(partitions, true), offsets.committed(group, partitions));
        } catch (KafkaException e) {
            LOG.warn("soak: lag of {} not read: {}", group, e.getMessage());
            return -1;
        }
    }

    /** The lag summed over {@code ends}' partitions; a partition missing from {@code committed} counts from 0, none counts below 0. */
    static long sum(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            lag += Math.max(0, end.getValue() - committed.getOrDefault(end.getKey(), 0L));
        }
        return lag;
    }

    @Override
    public void close() {
        offsets.close();
    }
}
