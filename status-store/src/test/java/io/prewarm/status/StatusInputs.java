package io.prewarm.status;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.RESULTS;

import io.prewarm.contract.Job;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A direct producer of the status store's inputs, as other systems may be: each record sent and acknowledged before it returns. */
final class StatusInputs implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    StatusInputs(String bootstrapServers) {
        producer = new KafkaProducer<>(KafkaSettings.producer(bootstrapServers), new StringSerializer(), new ByteArraySerializer());
    }

    RecordMetadata job(Job job) {
        return send(JOBS.name(), job.requestID(), JOBS.valueSerde().serializer().serialize(JOBS.name(), job));
    }

    RecordMetadata results(String id, List<WarmResult> results) {
        return send(RESULTS.name(), id, RESULTS.valueSerde().serializer().serialize(RESULTS.name(), new ResultBatch(id, results)));
    }

    /** A request record as a direct producer writes it to prewarm.requests. */
    RecordMetadata request(String id, String json) {
        return send(REQUESTS.name(), id, json.getBytes(StandardCharsets.UTF_8));
    }

    private RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("not acknowledged: " + topic + " " + key, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
