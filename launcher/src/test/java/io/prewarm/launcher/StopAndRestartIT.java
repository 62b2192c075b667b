package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.kafka.Ports;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import io.prewarm.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-process {@code ./prewarm} (embedded broker, every role) as a real OS process, stopped
 * mid-job and started again on the same data directory. SIGTERM lets the begun task batch finish,
 * records its results and commits them, and exits 0: after the restart the job completes
 * with every task sent exactly once. {@code kill -9} loses nothing either: the job still completes
 * with exact counts (a task in flight at the kill may be sent twice).
 */
class StopAndRestartIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    /** Three task batches (32 URLs x 2 PoPs each): a stop finishes the begun one and leaves the others. */
    private static final int URLS = 96;

    @TempDir
    Path dir;
    private EdgeSimulator edge;
    private Map<String, String> env;
    private ChildJvm process;

    @BeforeEach
    void setUp() {
        edge = EdgeSimulator.builder().latency(Duration.ofMillis(1500)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        env = Map.of("PREWARM_DATA_DIR", dir.resolve("data").toString(),
                "PREWARM_HTTP_PORT", String.valueOf(Ports.free()),
                "PREWARM_KAFKA_PORT", String.valueOf(Ports.free()),
                "PREWARM_TOPIC_PARTITIONS", "2",
                "PREWARM_HOSTS_FILE", hosts.toString(),
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_WARMER_MAX_IN_FLIGHT", "6",
                // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
                "PREWARM_VERIFY", "false");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (process != null) {
            process.close();
        }
        edge.close();
    }

    private ChildJvm startPrewarm(String logName) {
        process = ChildJvm.start(PrewarmMain.class.getName(), env, dir.resolve(logName));
        process.awaitLog("prewarm running", Duration.ofMinutes(2));
        return process;
    }

    private String submitJob(Api api) {
        String urls = IntStream.range(0, URLS).mapToObj(i -> "\"http://www.example.com/stop/" + i + "\"").collect(Collectors.joining(","));
        Api.Reply r = api.submit("{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}");
        assertEquals(200, r.status(), r.raw().body());
        return r.text("requestID");
    }

    private JsonNode awaitFinal(Api api, String id, Duration limit) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(limit).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply r = api.status(id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        return last[0];
    }

    private Map<String, Long> requestsPerTask() {
        return edge.requests().stream().collect(Collectors.groupingBy(r -> r.pathAndQuery() + " @ " + r.pop(), Collectors.counting()));
    }

    @Test
    void sigtermMidJobFinishesWarmRequestsInFlightExitsZeroAndTheRestartCompletesTheJobSendingEachTaskOnce() throws Exception {
        Api api = new Api(Integer.parseInt(env.get("PREWARM_HTTP_PORT")));
        startPrewarm("first.log");
        String id = submitJob(api);
        await().atMost(Duration.ofSeconds(60)).until(() -> edge.requests().size() >= 6);

        process.terminate();
        assertEquals(0, process.awaitExit(Duration.ofSeconds(90)), process.tail());
        String log = process.log();
        assertTrue(log.contains("(0 left unfinished)"), log);
        assertTrue(log.contains("stopped cleanly"), log);
        int sentBeforeStop = edge.requests().size();
        assertTrue(sentBeforeStop < URLS * POPS.size(), "stopped mid-job: " + sentBeforeStop);

        startPrewarm("second.log");
        JsonNode status = awaitFinal(api, id, Duration.ofMinutes(2));
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(URLS, status.path("total").asInt());
        assertEquals(URLS, status.path("completed").asInt());
        Map<String, Long> perTask = requestsPerTask();
        assertEquals(URLS * POPS.size(), perTask.size(), perTask.toString());
        assertTrue(perTask.values().stream().allMatch(n -> n == 1), "every task sent once: " + perTask);
    }

    @Test
    void killMinus9MidJobLosesNothingTheRestartedProcessCompletesTheJobWithExactCounts() throws Exception {
        Api api = new Api(Integer.parseInt(env.get("PREWARM_HTTP_PORT")));
        startPrewarm("first.log");
        String id = submitJob(api);
        await().atMost(Duration.ofSeconds(60)).until(() -> edge.requests().size() >= 6);

        process.kill();
        process.awaitExit(Duration.ofSeconds(30));

        startPrewarm("second.log");
        JsonNode status = awaitFinal(api, id, Duration.ofMinutes(3));
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(URLS, status.path("total").asInt());
        assertEquals(URLS, status.path("completed").asInt());
        assertEquals(URLS * POPS.size(), requestsPerTask().size());
        List<Request> sent = edge.requests();
        assertTrue(sent.stream().allMatch(r -> POPS.contains(r.pop())), "only the job's PoPs were dialled");
    }
}
