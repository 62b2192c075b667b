package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import io.prewarm.launcher.cli.Cli;
import io.prewarm.launcher.cli.CliIo;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.KafkaFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prewarm submit} and {@code ./prewarm status} against the whole system on a real broker
 * (with API keys on), run in-process with their own streams: a job is followed to its end and the
 * exit code is its outcome.
 */
class CliIT {
    private static final String DIST = "d111111abcdef8";
    private static final String KEY = "cli-s3cret";

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Prewarm prewarm;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(4096).start();
        edge.fault("/cli/missing.css", "DFW55-C3", Fault.status(404));
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        prewarm = Prewarm.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                "PREWARM_HTTP_PORT", "0",
                "PREWARM_HOSTS_FILE", hosts.toString(),
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_RETRY_BACKOFF_MS", "10",
                "PREWARM_API_KEYS", KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prewarm != null) {
            prewarm.close();
        }
        if (edge != null) {
            edge.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Run cli(String stdin, String key, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("PREWARM_SERVER", "http://127.0.0.1:" + prewarm.httpPort(), "PREWARM_API_KEY", key);
        CliIo io = new CliIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false,
                new CliIo.Pacing(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30)));
        int code = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Cli.run(List.of(args), io));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aJobSubmittedThroughTheCliIsFollowedToCompletedAndExits0() throws Exception {
        Run run = cli("# two assets\nhttp://www.example.com/cli/a.js\n\nhttp://www.example.com/cli/b.css\n", KEY,
                "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1", "--pop", "DFW55-C3", "-");

        assertEquals(0, run.code(), run.out() + run.err());
        String id = run.out().lines().findFirst().orElseThrow();
        assertTrue(id.matches("[0-9a-f-]{36}"), run.out());
        assertTrue(run.out().contains("status     COMPLETED") && run.out().contains("URLs       2/2 done, 0 failed"), run.out());
        assertTrue(run.out().contains("tasks      4 succeeded, 0 failed, 0 pending (of 4, at 2 PoPs)"), run.out());
        assertTrue(run.err().contains("100%  2/2 URLs  COMPLETED"), run.err());
        assertEquals(4, edge.requests().stream().filter(r -> r.pathAndQuery().equals("/cli/a.js") || r.pathAndQuery().equals("/cli/b.css")).count(),
                "each URL warmed once at each PoP");

        Run status = cli("", KEY, "status", id, "--json");
        assertEquals(0, status.code(), status.err());
        JsonNode answer = Json.MAPPER.readTree(status.out());
        assertEquals("COMPLETED", answer.path("status").asText());
        assertEquals(4, answer.path("detail").path("tasks").path("succeeded").asInt());
    }

    @Test
    void aJobWithAUrlThePopAnswers404ForExits1AndShowsWhereAndWhy() {
        Run run = cli("http://www.example.com/cli/ok.js\nhttp://www.example.com/cli/missing.css\n", KEY,
                "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1,DFW55-C3", "-");

        assertEquals(1, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("status     FAILED") && run.out().contains("URLs       2/2 done, 1 failed"), run.out());
        assertTrue(run.out().contains("DFW55-C3   HTTP 404  http://www.example.com/cli/missing.css"), run.out());

        String id = run.out().lines().findFirst().orElseThrow();
        Run status = cli("", KEY, "status", id);
        assertEquals(1, status.code(), status.err());
        assertTrue(status.out().replaceAll(" +", " ").contains("DFW55-C3 2 1 1 0"), status.out());
    }

    @Test
    void aWrongApiKeyIsRefusedWithTheServersMessage() {
        Run run = cli("http://www.example.com/cli/a.js\n", "wrong", "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1", "-");

        assertEquals(65, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("HTTP 403): x-api-key: missing or not a valid API key"), run.err());
    }
}
