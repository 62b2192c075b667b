package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prewarm.kafka.Ports;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.Api;
import io.prewarm.testing.ChildJvm;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status store as its own OS process, killed with {@code kill -9} and started again: once its
 * stores are restored from their changelogs, every answer (plain, detailed, paged, CSV report) is
 * the same as before the crash; until then it answers 503, never a wrong status.
 */
class StatusCrashIT {
    private static final String DIST = "d111111abcdef8";

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;
    private Prewarm core;
    private ChildJvm status;
    private Map<String, String> statusEnv;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().start();
        edge.fault("/crash/fail/3", "DFW55-C3", Fault.status(404));
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        core = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_ROLES", "ingest,expander,warmer",
                "PREWARM_DATA_DIR", dir.resolve("core").toString(), "PREWARM_HTTP_PORT", "0",
                "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())));
        statusEnv = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_ROLES", "status",
                "PREWARM_DATA_DIR", dir.resolve("status").toString(), "PREWARM_HTTP_PORT", String.valueOf(Ports.free()));
        status = ChildJvm.start(PrewarmMain.class.getName(), statusEnv, dir.resolve("status-1.log"));
    }

    @AfterEach
    void tearDown() throws Exception {
        status.close();
        core.close();
        edge.close();
        kafka.close();
    }

    private String submit(String prefix, int urls) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"http://www.example.com/crash/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        Api.Reply r = new Api(core.httpPort()).submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}");
        assertEquals(200, r.status(), r.raw().body());
        return r.text("requestID");
    }

    private static Map<String, String> answers(Api api, List<String> ids) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String id : ids) {
            for (String query : List.of("/status?requestID=", "/status?detail=true&requestID=", "/status?limit=4&requestID=", "/report?requestID=")) {
                var r = api.getText(query + id);
                out.put(query + id, r.statusCode() + " " + r.body());
            }
        }
        return out;
    }

    @Test
    void afterKillMinus9AndRestartEveryStatusAnswersAsBefore() throws Exception {
        status.awaitLog("prewarm running", Duration.ofMinutes(2));
        Api api = new Api(Integer.parseInt(statusEnv.get("PREWARM_HTTP_PORT")));
        List<String> ids = List.of(submit("ok", 30), submit("fail", 10));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> ids.stream().allMatch(id -> {
            Api.Reply r = api.status(id);
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        }));
        Map<String, String> before = answers(api, ids);
        assertEquals("COMPLETED", api.status(ids.get(0)).text("status"));
        assertEquals("FAILED", api.status(ids.get(1)).text("status"));

        status.kill();
        status.awaitExit(Duration.ofSeconds(30));
        status = ChildJvm.start(PrewarmMain.class.getName(), statusEnv, dir.resolve("status-2.log"));
        status.awaitLog("prewarm running", Duration.ofMinutes(2));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int code = api.status(ids.get(0)).status();
            if (code != 200 && code != 503) {
                throw new AssertionError("while restoring, only 200 or 503 may answer, got " + code);
            }
            return code == 200 && api.status(ids.get(1)).status() == 200;
        });
        // The first answers after the restart are already the ones from before: never an older state.
        assertEquals(before, answers(api, ids));
    }
}
