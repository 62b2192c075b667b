package io.prewarm.status.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link ReadYourWrites.Offsets} from a broker: one Admin client for end and committed offsets, and
 * one read_committed consumer (no group) that tells whether committed data lies between two offsets,
 * both kept for the instance's life and closed with it. Every call is bounded by {@link #CALL_TIMEOUT};
 * failures are {@link KafkaException}s. The consumer is not thread-safe, so its use is synchronized.
 */
public final class KafkaOffsets implements ReadYourWrites.Offsets, AutoCloseable {
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public KafkaOffsets(String bootstrapServers) {
        Map<String, Object> common = new HashMap<>();
        common.put("bootstrap.servers", bootstrapServers);
        common.put("request.timeout.ms", (int) CALL_TIMEOUT.toMillis());
        common.put("default.api.timeout.ms", (int) CALL_TIMEOUT.toMillis());
        admin = Admin.create(common);
        Map<String, Object> c = new HashMap<>(common);
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", false);
        c.put("auto.offset.reset", "earliest");
        c.put("max.poll.records", 1);
        // only the first record is looked at: a fetch need not bring a megabyte of job chunks
        c.put("max.partition.fetch.bytes", 64 * 1024);
        c.put("fetch.max.bytes", 64 * 1024);
        c.put("client.id", "prewarm-status-read-your-writes");
        consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public synchronized List<TopicPartition> partitions(String topic) {
        return consumer.partitionsFor(topic, CALL_TIMEOUT).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    @Override
    public Map<TopicPartition, Long> ends(List<TopicPartition> partitions, boolean committed) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
                get(admin.listOffsets(latest, new ListOffsetsOptions(committed ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED)).all());
        Map<TopicPartition, Long> ends = new HashMap<>();
        infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public Map<TopicPartition, Long> committed(String group, List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> all = get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata o = all.get(tp);
            if (o != null) {
                out.put(tp, o.offset());
            }
        }
        return out;
    }

    @Override
    public synchronized OptionalLong firstData(TopicPartition tp, long from, long to, long deadlineNanos) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        try {
            while (System.nanoTime() - deadlineNanos < 0) {
                List<ConsumerRecord<byte[], byte[]>> read = consumer.poll(Duration.ofMillis(100)).records(tp);
                if (!read.isEmpty()) {
                    long at = read.get(0).offset();
                    return at < to ? OptionalLong.of(at) : OptionalLong.empty();
                }
                if (consumer.position(tp, CALL_TIMEOUT) >= to) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.of(from);
        } finally {
            consumer.unsubscribe();
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("no answer from Kafka within " + CALL_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        }
    }

    @Override
    public synchronized void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        admin.close(Duration.ofSeconds(5));
    }
}
