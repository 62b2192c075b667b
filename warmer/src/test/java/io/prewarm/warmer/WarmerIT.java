package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
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

/** Several warmer processes share the tasks as one group, on a real broker, against a real HTTP edge stand-in. */
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

    @Test
    void aWarmerKeepsToItsGlobalAndPerPopLimits() throws Exception {
        try (EdgeSimulator sim = EdgeSimulator.builder().latency(Duration.ofMillis(50)).start();
             KafkaProducer<String, Task> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                     TASKS.keySerde().serializer(), TASKS.valueSerde().serializer());
             KafkaConsumer<String, WarmResult> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "limits-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer())) {
            Path hosts = sim.writeHostsFile(dir.resolve("sim-hosts"), "d1", POPS);
            for (int u = 0; u < 30; u++) {
                for (String pop : POPS) {
                    Task t = new Task("limits", "http://www.example.com/l/" + u, pop, "d1", "http", "gzip", Long.MAX_VALUE);
                    producer.send(new ProducerRecord<>(TASKS.name(), t.id().recordKey(), t));
                }
            }
            producer.flush();
            results.subscribe(List.of(RESULTS.name()));
            Set<TaskId> done = ConcurrentHashMap.newKeySet();
            try (WarmerApp warmer = WarmerApp.start(WarmerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(sim.httpPort()),
                    "PREWARM_WARMER_MAX_IN_FLIGHT", "6", "PREWARM_WARMER_MAX_PER_POP", "2")), new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    results.poll(Duration.ofMillis(200)).forEach(r -> done.add(r.value().taskId()));
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
            for (int u = 0; u < 50; u++) {
                for (String pop : POPS) {
                    Task t = new Task("job", "http://www.example.com/w/" + u, pop, "d1", "http", Task.DEFAULT_ACCEPT_ENCODING, Long.MAX_VALUE);
                    producer.send(new ProducerRecord<>(TASKS.name(), t.id().recordKey(), TASKS.valueSerde().serializer().serialize(TASKS.name(), t)));
                }
            }
        }
        WarmerConfig config = config();
        List<WarmerApp> warmers = new ArrayList<>();
        Set<TaskId> warmed = ConcurrentHashMap.newKeySet();
        try (KafkaConsumer<String, WarmResult> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "results-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer())) {
            results.subscribe(List.of(RESULTS.name()));
            for (int i = 0; i < 3; i++) {
                warmers.add(WarmerApp.start(config, new SimpleMeterRegistry()));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                results.poll(Duration.ofMillis(200)).forEach(r -> {
                    assertEquals(Outcome.SUCCESS, r.value().outcome(), r.value().error());
                    warmed.add(r.value().taskId());
                });
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
