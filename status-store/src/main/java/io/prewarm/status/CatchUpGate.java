package io.prewarm.status;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an instance from answering with state older than what was already answered. Under
 * exactly-once, queries read uncommitted state; when an instance crashes, whoever takes its
 * partitions restores the last committed state (up to a commit interval older) and then replays
 * the rest of the input. Answering during that replay could take a FAILED job back to IN_PROGRESS.
 * So after every change of this instance's partitions, queries wait (503) until the consumer has
 * read its input partitions to the end and one more commit interval has passed for the records
 * read to be processed; a bound keeps a missing metric from closing the gate forever.
 */
final class CatchUpGate {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpGate.class);
    private static final long SETTLE_NANOS = 1_500_000_000L;
    private static final long MAX_WAIT_NANOS = 60_000_000_000L;

    private final KafkaStreams streams;
    private final LongSupplier nanos;
    private Set<TopicPartition> inputs = Set.of();
    private long assignedAt;
    private long caughtUpAt = -1;

    CatchUpGate(KafkaStreams streams, LongSupplier nanos) {
        this.streams = streams;
        this.nanos = nanos;
    }

    /** Whether local answers are at least as new as any answer given before the last takeover. */
    synchronized boolean ready() {
        long now = nanos.getAsLong();
        Set<TopicPartition> current = activeInputs();
        if (!current.equals(inputs)) {
            inputs = current;
            assignedAt = now;
            caughtUpAt = -1;
        }
        if (caughtUpAt < 0) {
            if (readToTheEnd(current)) {
                caughtUpAt = now;
            } else if (now - assignedAt > MAX_WAIT_NANOS) {
                LOG.warn("status store: no consumer lag figures for {} after 60 s; answering anyway", current);
                caughtUpAt = now - SETTLE_NANOS;
            }
        }
        return caughtUpAt >= 0 && now - caughtUpAt >= SETTLE_NANOS;
    }

    private Set<TopicPartition> activeInputs() {
        Set<TopicPartition> out = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                out.addAll(task.topicPartitions());
            }
        }
        return out;
    }

    private boolean readToTheEnd(Set<TopicPartition> partitions) {
        Set<TopicPartition> atEnd = new HashSet<>();
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            MetricName name = m.getKey();
            if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")) {
                continue;
            }
            String topic = name.tags().get("topic");
            String partition = name.tags().get("partition");
            if (topic == null || partition == null) {
                continue;
            }
            Object value = m.getValue().metricValue();
            if (value instanceof Double lag && !lag.isNaN() && lag <= 0) {
                atEnd.add(new TopicPartition(topic, Integer.parseInt(partition)));
            }
        }
        return atEnd.containsAll(partitions);
    }
}
