package io.prewarm.ingest;

import static io.prewarm.contract.Topics.REQUESTS;

import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import java.util.ArrayList;
import java.util.List;
import io.prewarm.contract.JsonSerde;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes accepted requests to {@code prewarm.requests} with an idempotent, acks=all producer,
 * big ones as several chunk records with the same key (so they stay in order on one partition).
 * The future completes only once Kafka has the record; it fails within a few seconds when Kafka
 * cannot take it, so the caller can answer 503 instead of hanging or losing the request.
 */
public final class RequestPublisher implements AutoCloseable {
    private final Producer<String, PrewarmRequest> producer;

    public RequestPublisher(String bootstrapServers) {
        Map<String, Object> props = KafkaSettings.producer(bootstrapServers);
        props.put("max.block.ms", 3_000);
        props.put("request.timeout.ms", 5_000);
        props.put("delivery.timeout.ms", 10_000);
        props.put("linger.ms", 1);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new JsonSerde<>(PrewarmRequest.class).serializer());
    }

    /**
     * Publishes the request as one record, or as chunk records when it is big; completes when
     * Kafka has acknowledged every one of them.
     */
    public CompletableFuture<Void> publish(String requestID, PrewarmRequest request, int tasksPerUrl) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (PrewarmRequest chunk : RequestChunker.split(request, tasksPerUrl)) {
            CompletableFuture<Void> acked = new CompletableFuture<>();
            acks.add(acked);
            try {
                producer.send(new ProducerRecord<>(REQUESTS.name(), requestID, chunk), (meta, error) -> {
                    if (error == null) {
                        acked.complete(null);
                    } else {
                        acked.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                acked.completeExceptionally(e);
                break;
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    @Override
    public void close() {
        producer.close();
    }
}
