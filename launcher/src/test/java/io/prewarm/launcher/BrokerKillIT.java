package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Topics;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker cluster, each broker its own process (issue 17): the broker leading most
 * {@code prewarm.tasks} partitions is killed with {@code kill -9} in the middle of a job, and started
 * again later. With replication 3 and {@code min.insync.replicas=2} nothing written was lost, the
 * other brokers take over leadership, and the job ends COMPLETED with exact counts.
 */
class BrokerKillIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "NRT57-P3");
    private static final int URLS = 400;

    @TempDir
    Path dir;
    private KafkaCluster cluster;
    private EdgeSimulator edge;
    private Prewarm prewarm;

    @BeforeEach
    void setUp() {
        cluster = KafkaCluster.start();
        edge = EdgeSimulator.builder().latency(Duration.ofMillis(100)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        Map<String, String> env = new HashMap<>(cluster.prewarmEnv());
        env.put("PREWARM_DATA_DIR", dir.resolve("data").toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_WARMER_MAX_IN_FLIGHT", "16");
        env.put("PREWARM_VERIFY", "false"); // counted: one request per task
        prewarm = Prewarm.start(env);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (prewarm != null) {
            prewarm.close();
        }
        edge.close();
        cluster.close();
    }

    @Test
    void killingTheBrokerLeadingMostTaskPartitionsMidJobLosesNothing() throws Exception {
        Api api = new Api(prewarm.httpPort());
        String urls = IntStream.range(0, URLS).mapToObj(i -> "\"http://www.example.com/cluster/" + i + "\"").collect(Collectors.joining(","));
        Api.Reply submitted = api.submit("{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\", \"NRT57-P3\"]}");
        assertEquals(200, submitted.status(), submitted.raw().body());
        String id = submitted.text("requestID");
        int tasks = URLS * POPS.size();
        await().atMost(Duration.ofSeconds(90)).until(() -> edge.requests().size() >= tasks / 5);

        int victim = cluster.leaderOfMost(Topics.TASKS.name());
        long killedAt = System.nanoTime();
        cluster.kill(victim);
        int sentAtKill = edge.requests().size();
        await().atMost(Duration.ofSeconds(120)).until(() -> edge.requests().size() >= sentAtKill + tasks / 5);
        long resumedMs = (System.nanoTime() - killedAt) / 1_000_000;
        cluster.restart(victim);

        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        JsonNode status = last[0];
        assertTrue(sentAtKill < tasks, "killed mid-job");
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(URLS, status.path("total").asInt());
        assertEquals(URLS, status.path("completed").asInt());
        assertEquals(tasks, status.path("detail").path("tasks").path("succeeded").asInt());
        assertEquals(0, status.path("detail").path("tasks").path("failed").asInt());
        Map<String, String> durability = cluster.durabilityByTopic();
        assertTrue(durability.keySet().stream().anyMatch(t -> t.startsWith("prewarm-status-") && t.endsWith("-changelog")), durability.toString());
        durability.forEach((topic, d) -> assertEquals("3/2", d, topic + ": replicas/min ISR, the Streams apps' own topics too"));
        System.out.printf("broker %d (leading most of prewarm.tasks) killed after %d of %d warm requests; %d more sent %d ms after the kill; "
                + "the job completed with %d requests in all%n", victim, sentAtKill, tasks, tasks / 5, resumedMs, edge.requests().size());
    }
}
