package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.ChildJvm;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three warmers as separate OS processes in one consumer group; one is killed with {@code kill -9}
 * in the middle of a job. Its partitions go to the survivors once the group's session timeout
 * ({@code PREWARM_WARMER_SESSION_TIMEOUT_MS}, 10 s) passes: within 15 s of the kill (issue 17; it
 * was the 45 s default before), measured and printed. The job still ends COMPLETED with exact
 * counts: nothing lost, nothing counted twice.
 */
class WarmerCrashIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "NRT57-P3");
    private static final int URLS = 150;

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;
    private Prewarm core;
    private final List<ChildJvm> warmers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().latency(Duration.ofMillis(300)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        core = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_ROLES", "ingest,expander,status",
                "PREWARM_DATA_DIR", dir.resolve("core").toString(), "PREWARM_HTTP_PORT", "0"));
        for (int i = 0; i < 3; i++) {
            // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
            warmers.add(ChildJvm.start(PrewarmMain.class.getName(), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PREWARM_ROLES", "warmer", "PREWARM_DATA_DIR", dir.resolve("warmer" + i).toString(),
                    "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                    "PREWARM_WARMER_MAX_IN_FLIGHT", "8", "PREWARM_VERIFY", "false"), dir.resolve("warmer" + i + ".log")));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm w : warmers) {
            w.close();
        }
        core.close();
        edge.close();
        kafka.close();
    }

    @Test
    void killingOneOfThreeWarmersMidJobStillEndsTheJobWithExactCounts() throws Exception {
        for (ChildJvm w : warmers) {
            w.awaitLog("warming tasks of partitions [prewarm.tasks", Duration.ofMinutes(2));
        }
        Api api = new Api(core.httpPort());
        String urls = IntStream.range(0, URLS).mapToObj(i -> "\"http://www.example.com/crash/" + i + "\"").collect(Collectors.joining(","));
        Api.Reply submitted = api.submit("{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\", \"NRT57-P3\"]}");
        assertEquals(200, submitted.status(), submitted.raw().body());
        String id = submitted.text("requestID");
        await().atMost(Duration.ofSeconds(60)).until(() -> edge.requests().size() >= 60);

        long killedAt = System.nanoTime();
        warmers.get(0).kill();
        warmers.get(0).awaitExit(Duration.ofSeconds(30));
        int sentAtKill = edge.requests().size();
        awaitEveryPartitionWithTheSurvivors();
        long movedMs = (System.nanoTime() - killedAt) / 1_000_000;

        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        JsonNode status = last[0];
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(URLS, status.path("total").asInt());
        assertEquals(URLS, status.path("completed").asInt());
        assertEquals(URLS * POPS.size(), status.path("detail").path("tasks").path("succeeded").asInt());
        assertEquals(0, status.path("detail").path("tasks").path("failed").asInt());
        System.out.printf("warmer killed after %d of %d warm requests; its partitions were the survivors' %d ms after the kill; "
                + "the job completed with %d requests sent in all%n", sentAtKill, URLS * POPS.size(), movedMs, edge.requests().size());
        assertTrue(movedMs <= 15_000, "a dead warmer's tasks move within 15 s, took " + movedMs + " ms");
    }

    /** The group has the two survivors only, and between them every partition of prewarm.tasks. */
    private void awaitEveryPartitionWithTheSurvivors() {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("prewarm-warmer")).all().get().get("prewarm-warmer");
                Set<TopicPartition> owned = new HashSet<>();
                group.members().forEach(m -> owned.addAll(m.assignment().topicPartitions()));
                return group.members().size() == 2 && owned.size() == KafkaFixture.PARTITIONS;
            });
        }
    }
}
