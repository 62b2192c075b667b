package io.prewarm.status.query;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * {@link InputProgress} of a Kafka Streams app: its active tasks from the local threads' metadata,
 * and how far the consumer read from its {@code records-lag} metrics.
 */
final class StreamsInputProgress implements InputProgress {
    private final KafkaStreams streams;

    StreamsInputProgress(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Set<TopicPartition> activeInputs() {
        Set<TopicPartition> out = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                out.addAll(task.topicPartitions());
            }
        }
        return out;
    }

    @Override
    public Set<TopicPartition> readToTheEnd() {
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
        return atEnd;
    }
}
