package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.TaskId;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several warmer processes share the task batches as one group, on a real broker, against a real
 * HTTP edge stand-in: every task of every batch warmed, its result produced (in result batches),
 * and every batch committed.
 */
class WarmerIT {
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "IAD89-P1", "SFO5-P1");
    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(4096).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        edge.close();
        kafka.close();
    }

    private WarmerConfig config() throws Exception {
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), "d1", POPS);
        return WarmerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())));
    }

    /** {@code urls} URLs from {@code first} on, each at every PoP: one task batch. */
    private static TaskBatch batch(String requestID, String base, int first, int urls, String encoding) {
        List<String> batchUrls = new ArrayList<>();
        for (int u = first; u < first + urls; u++) {
            batchUrls.add(base + u);
        }
        return new TaskBatch(requestID, batchUrls, POPS, List.of(encoding), "d1", "http", Map.of(), Long.MAX_VALUE);
    }

    @Test
    void aWarmerKeepsToItsGlobalAndPerPopLimits() throws Exception {
        try (EdgeSimulator sim = EdgeSimulator.builder().latency(Duration.ofMillis(50)).start();
             KafkaProducer<String, TaskBatch> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                     TASKS.keySerde().serializer(), TASKS.valueSerde().serializer());
             KafkaConsumer<String, ResultBatch> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "limits-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer())) {
            Path hosts = sim.writeHostsFile(dir.resolve("sim-hosts"), "d1", POPS);
            for (int u = 0; u < 30; u += 3) {
                TaskBatch b = batch("limits", "http://www.example.com/l/", u, 3, "gzip");
                producer.send(new ProducerRecord<>(TASKS.name(), b.recordKey(), b));
            }
            producer.flush();
            results.subscribe(List.of(RESULTS.name()));
            Set<TaskId> done = ConcurrentHashMap.newKeySet();
            try (WarmerApp warmer = WarmerApp.start(WarmerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(sim.httpPort()),
                    "PREWARM_WARMER_MAX_IN_FLIGHT", "6", "PREWARM_WARMER_MAX_PER_POP", "2")), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    results.poll(Duration.ofMillis(200)).forEach(r -> r.value().results().forEach(w -> done.add(w.taskId())));
                    return done.size() == 120;
                });
            }
            assertTrue(sim.peakConcurrency() <= 6, "global peak " + sim.peakConcurrency());
            assertTrue(sim.peakConcurrency() >= 4, "requests do run in parallel: " + sim.peakConcurrency());
            for (String pop : POPS) {
                assertTrue(sim.peakConcurrency(pop) <= 2, pop + " peak " + sim.peakConcurrency(pop));
            }
        }
    }

    @Test
    void threeWarmersWarmEveryTaskProduceItsResultAndCommitEverything() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                TASKS.keySerde().serializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TASKS.name(), 0, "garbage", "not a task".getBytes()));
            for (int u = 0; u < 50; u += 2) {
                TaskBatch b = batch("job", "http://www.example.com/w/", u, 2, Task.DEFAULT_ACCEPT_ENCODING);
                producer.send(new ProducerRecord<>(TASKS.name(), b.recordKey(), TASKS.valueSerde().serializer().serialize(TASKS.name(), b)));
            }
        }
        WarmerConfig config = config();
        List<WarmerApp> warmers = new ArrayList<>();
        Set<TaskId> warmed = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, ResultBatch> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "results-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer())) {
            results.subscribe(List.of(RESULTS.name()));
            for (int i = 0; i < 3; i++) {
                warmers.add(WarmerApp.start(config, new SimpleMeterRegistry()));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                results.poll(Duration.ofMillis(200)).forEach(r -> r.value().results().forEach(w -> {
                    assertEquals(r.key(), w.requestID(), "a result batch is keyed by its job");
                    assertEquals(Outcome.SUCCESS, w.outcome(), w.error());
                    warmed.add(w.taskId());
                }));
                return warmed.size() == 200;
            });
        } finally {
            warmers.forEach(WarmerApp::close);
        }
        assertTrue(edge.requests().size() >= 200, "every task reached the edge (at least once): " + edge.requests().size());
        assertEquals(50, edge.requests().stream().map(io.prewarm.simulator.Request::pathAndQuery).distinct().count());

        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get();
            assertEquals(KafkaFixture.PARTITIONS, committed.size());
            committed.forEach((tp, om) -> assertEquals(ends.get(tp).offset(), om.offset(), "all of " + tp + " committed"));
        }
    }
}
