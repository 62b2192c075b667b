package io.prewarm.ingest;

import static io.prewarm.contract.Topics.REQUESTS;

import io.prewarm.contract.JsonSerde;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes accepted requests to {@code prewarm.requests} with an idempotent, acks=all producer,
 * big ones as several chunk records with the same key (so they stay in order on one partition).
 * The future completes only once Kafka has the record; it fails within a few seconds when Kafka
 * cannot take it, so the caller can answer 503 instead of hanging or losing the request.
 */
public final class RequestPublisher implements RequestSink, AutoCloseable {
    private final Map<String, Object> settings;
    private final Producer<String, PrewarmRequest> producer;
    /** Chunked requests go out in one transaction, one at a time: all of a request's chunks or none. */
    private final ExecutorService chunkedSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ingest-chunked-publisher");
        t.setDaemon(true);
        return t;
    });
    private Producer<String, PrewarmRequest> transactional;
    private final Admin admin;

    public RequestPublisher(String bootstrapServers) {
        settings = KafkaSettings.producer(bootstrapServers);
        // Bounds how long a POST can wait for Kafka: a record is acknowledged or failed within
        // delivery.timeout.ms, so the caller gets its 503 in seconds when the broker is away.
        settings.put("max.block.ms", 3_000);
        settings.put("request.timeout.ms", 3_000);
        settings.put("delivery.timeout.ms", 4_000);
        settings.put("linger.ms", 1);
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", 2_000, "default.api.timeout.ms", 2_000));
        this.producer = new KafkaProducer<>(settings, new StringSerializer(), new JsonSerde<>(PrewarmRequest.class).serializer());
    }

    /**
     * Publishes the request as one record, or, when it is big, as chunk records in one Kafka
     * transaction (so a failure part-way leaves no half request behind); completes when Kafka has
     * acknowledged all of it.
     */
    @Override
    public CompletableFuture<Void> publish(String requestID, PrewarmRequest request) {
        List<PrewarmRequest> chunks = RequestChunker.split(request);
        if (chunks.size() > 1) {
            return CompletableFuture.runAsync(() -> publishAtomically(requestID, chunks), chunkedSender);
        }
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(REQUESTS.name(), requestID, chunks.get(0)), (meta, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private void publishAtomically(String requestID, List<PrewarmRequest> chunks) {
        // A transaction's set-up may block for max.block.ms when the broker is away; one cheap
        // round trip first turns that into a 503 within two seconds.
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).clusterId().get();
        } catch (ExecutionException e) {
            throw new KafkaException("Kafka is not reachable: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        }
        try {
            if (transactional == null) {
                Map<String, Object> props = new HashMap<>(settings);
                props.put("transactional.id", "prewarm-ingest-" + UUID.randomUUID());
                // a big request is many megabytes: allow its commit more time than one record's ack
                props.put("max.block.ms", 8_000);
                props.put("delivery.timeout.ms", 30_000);
                transactional = new KafkaProducer<>(props, new StringSerializer(), new JsonSerde<>(PrewarmRequest.class).serializer());
                transactional.initTransactions();
            }
            transactional.beginTransaction();
            for (PrewarmRequest chunk : chunks) {
                transactional.send(new ProducerRecord<>(REQUESTS.name(), requestID, chunk));
            }
            transactional.commitTransaction();
        } catch (KafkaException e) {
            // Whatever state the transaction is in, a fresh producer next time is the safe way out;
            // closing it aborts what this one had open.
            if (transactional != null) {
                transactional.close(Duration.ZERO);
                transactional = null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        chunkedSender.shutdown();
        try {
            chunkedSender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (transactional != null) {
            transactional.close();
        }
        producer.close();
        admin.close(Duration.ofSeconds(5));
    }
}
