package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prewarm.testing.Api;
import io.prewarm.simulator.EdgeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-process system with its embedded broker (no KAFKA_BOOTSTRAP_SERVERS), as ./prewarm
 * runs it: a job finished before a stop is still answered, identically, after a start on the
 * same data directory.
 */
class RestartKeepsJobsIT {

    @Test
    void aFinishedJobIsStillAnsweredAfterARestart(@TempDir Path dir) throws Exception {
        try (EdgeSimulator edge = EdgeSimulator.builder().start()) {
            Path hosts = edge.writeHostsFile(dir.resolve("hosts"), "d111111abcdef8", java.util.List.of("SYD1-C1", "SYD62-P1"));
            Map<String, String> env = Map.of(
                    "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                    "PREWARM_HTTP_PORT", "0",
                    "PREWARM_KAFKA_PORT", "0",
                    "PREWARM_HOSTS_FILE", hosts.toString(),
                    "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                    // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
                    "PREWARM_VERIFY", "false");
            String id;
            String before;
            try (Prewarm first = Prewarm.start(env)) {
                Api api = new Api(first.httpPort());
                Api.Reply accepted = api.submit("{\"url_list\": [\"http://www.example.com/r/1\", \"http://www.example.com/r/2\"], "
                        + "\"cf_domain\": \"d111111abcdef8.cloudfront.net\", \"target_type\": \"region\", \"region\": [\"au\"]}");
                assertEquals(200, accepted.status(), accepted.raw().body());
                id = accepted.text("requestID");
                await().atMost(Duration.ofSeconds(90)).until(() -> api.status(id).text("status").equals("COMPLETED"));
                before = api.status(id).raw().body();
            }
            try (Prewarm second = Prewarm.start(env)) {
                Api api = new Api(second.httpPort());
                await().atMost(Duration.ofSeconds(90)).until(() -> api.status(id).status() == 200);
                assertEquals(before, api.status(id).raw().body());
                assertEquals(4, edge.requests().size(), "nothing was warmed again after the restart");
            }
        }
    }
}
