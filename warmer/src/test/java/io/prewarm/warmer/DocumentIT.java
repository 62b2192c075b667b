package io.prewarm.warmer;

import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.Json;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.TaskBatch;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document tasks on a real broker, read by a real warmer through the edge simulator: a sitemap's
 * parts land on {@code prewarm.requests} keyed by the job, its document result on
 * {@code prewarm.results}, a missing document fails with its status, every batch is committed, and
 * a batch delivered twice (as after a warmer died mid-read) writes the same part ids with the same
 * URLs again, for the expander to admit once.
 */
class DocumentIT {
    private static final String ATL = "ATL56-C1";
    private static final String SITE = "http://www.example.com";
    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        edge.close();
        kafka.close();
    }

    private static TaskBatch documentTask(String requestID, String url) {
        PrewarmRequest forParts = new PrewarmRequest(List.of(), null, "http", "pop", List.of(ATL), null, List.of(""), null, null, null,
                List.of(ATL), null, null, null, null, "sitemap", null, null, null, null);
        return new TaskBatch(requestID, List.of(url), List.of(ATL), List.of(""), "d1", "http", Map.of(), Long.MAX_VALUE, null, null,
                new Expansion.Read("sitemap", forParts));
    }

    @Test
    void aDocumentTaskWritesItsPartsThenItsResultAndARedeliveryWritesTheSamePartsAgain() throws Exception {
        edge.fault("/docs/missing.xml", null, Fault.status(404));
        try (KafkaProducer<String, TaskBatch> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                TASKS.keySerde().serializer(), TASKS.valueSerde().serializer())) {
            TaskBatch sitemap = documentTask("doc", SITE + "/docs/big-sitemap.xml?urls=2500");
            producer.send(new ProducerRecord<>(TASKS.name(), sitemap.recordKey(), sitemap));
            producer.send(new ProducerRecord<>(TASKS.name(), sitemap.recordKey(), sitemap)); // delivered again
            TaskBatch missing = documentTask("missing", SITE + "/docs/missing.xml");
            producer.send(new ProducerRecord<>(TASKS.name(), missing.recordKey(), missing));
        }
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), "d1", List.of(ATL));
        WarmerConfig config = WarmerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())));
        List<PrewarmRequest> parts = new CopyOnWriteArrayList<>();
        Map<String, List<Expansion.DocumentResult>> documents = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> requests = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "parts-reader", "auto.offset.reset", "earliest"), REQUESTS.keySerde().deserializer(), REQUESTS.valueSerde().deserializer());
             KafkaConsumer<String, ResultBatch> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "results-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer());
             WarmerApp warmer = WarmerApp.start(config, new SimpleMeterRegistry())) {
            requests.subscribe(List.of(REQUESTS.name()));
            results.subscribe(List.of(RESULTS.name()));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                requests.poll(Duration.ofMillis(100)).forEach(r -> {
                    assertEquals("doc", r.key());
                    parts.add(read(r.value()));
                });
                results.poll(Duration.ofMillis(100)).forEach(r -> r.value().documents()
                        .forEach(d -> documents.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(d)));
                return documents.getOrDefault("doc", List.of()).size() == 2 && documents.containsKey("missing");
            });
            requests.poll(Duration.ofMillis(500)).forEach(r -> parts.add(read(r.value())));
        }

        for (Expansion.DocumentResult read : documents.get("doc")) {
            assertEquals(new Expansion.DocumentResult(SITE + "/docs/big-sitemap.xml?urls=2500", "sitemap", 3, 2500, 2500, 0, null, null,
                    read.finishedAt()), read);
        }
        assertEquals("HTTP 404", documents.get("missing").get(0).error());
        assertEquals(6, parts.size(), "three parts, written by each read");
        Map<String, List<PrewarmRequest>> byId = parts.stream().collect(Collectors.groupingBy(p -> p.part().id()));
        assertEquals(3, byId.size());
        byId.values().forEach(same -> assertEquals(same.get(0).urlList(), same.get(1).urlList(), "a re-read part holds the same URLs"));
        assertEquals(List.of(1000, 1000, 500), List.of(0, 1, 2).stream()
                .map(i -> byId.get(new Expansion.PartId(SITE + "/docs/big-sitemap.xml?urls=2500", i).id()).get(0).urlList().size()).toList());

        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
            var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
            committed.forEach((tp, om) -> assertEquals(ends.get(tp).offset(), om.offset(), "all of " + tp + " committed"));
            assertTrue(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum() >= 3);
        }
    }

    private static PrewarmRequest read(String json) {
        try {
            return Json.MAPPER.readValue(json, PrewarmRequest.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
