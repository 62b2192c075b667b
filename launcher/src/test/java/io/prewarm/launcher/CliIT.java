package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prewarm submit}, {@code status}, {@code cancel} and {@code retry} against the whole
 * system on a real broker (with API keys on), run in-process with their own streams: a job is
 * followed to its end and the exit code is its outcome; a cancel's exit code says whether the job
 * could be cancelled, and a retry follows its new job like submit does.
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
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        prewarm = Prewarm.start(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                "PREWARM_HTTP_PORT", "0",
                "PREWARM_HOSTS_FILE", hosts.toString(),
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_RETRY_BACKOFF_MS", "10",
                "PREWARM_API_KEYS", KEY,
                // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
                "PREWARM_VERIFY", "false"));
    }

    /** Every test starts with the one standing fault (a 404 for /cli/missing.css at DFW55-C3) and no latency. */
    @BeforeEach
    void standingFaultAndNoLatency() {
        edge.clearFaults();
        edge.fault("/cli/missing.css", "DFW55-C3", Fault.status(404));
        edge.latency(Duration.ZERO);
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

    /** {@code count} URLs under /cli/prefix/, one a line, as {@code submit -} reads them. */
    private static String urls(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> "http://www.example.com/cli/" + prefix + "/" + i).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String firstLine(Run run) {
        return run.out().lines().findFirst().orElseThrow(() -> new AssertionError("no requestID on stdout: " + run.err()));
    }

    @Test
    void cancelStopsARunningJobIsIdempotentAndTellsEndedAndUnknownJobsApart() throws Exception {
        // 64 tasks in flight at 1 s each: 2,000 URLs at one PoP run for about half a minute
        edge.latency(Duration.ofSeconds(1));
        Run submitted = cli(urls("slow", 2_000), KEY, "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1", "--no-follow", "-");
        assertEquals(0, submitted.code(), submitted.err());
        String id = firstLine(submitted);
        assertEquals(3, cli("", KEY, "status", id).code(), "running (IN_PROGRESS) before the cancel");

        Run cancel = cli("", KEY, "cancel", id);
        assertEquals(0, cancel.code(), cancel.out() + cancel.err());
        assertTrue(cancel.out().contains("status     CANCELLED"), cancel.out());
        Run status = cli("", KEY, "status", id, "--json");
        assertEquals(4, status.code(), status.err());
        JsonNode answer = Json.MAPPER.readTree(status.out());
        assertEquals("CANCELLED", answer.path("status").asText());
        assertTrue(answer.path("completed").asInt() < 2_000, "cancelled before its end: " + answer.path("completed"));
        assertTrue(answer.path("detail").path("cancelledAt").asLong() > 0, status.out());
        Run again = cli("", KEY, "cancel", id);
        assertEquals(0, again.code(), "cancelling again is fine: " + again.err());
        assertTrue(again.out().contains("status     CANCELLED"), again.out());

        edge.latency(Duration.ZERO);
        Run done = cli("http://www.example.com/cli/done.js\n", KEY, "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1", "-");
        assertEquals(0, done.code(), done.err());
        Run late = cli("", KEY, "cancel", firstLine(done));
        assertEquals(5, late.code(), late.out() + late.err());
        assertTrue(late.err().contains("HTTP 409"), late.err());
        assertEquals("", late.out());

        Run unknown = cli("", KEY, "cancel", "no-such-job-" + System.nanoTime());
        assertEquals(67, unknown.code(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("HTTP 404"), unknown.err());
    }

    @Test
    void retryWarmsTheFailedTasksAsANewJobFollowedToCompleted() throws Exception {
        edge.fault("/cli/retry/gone.js", null, Fault.status(404));
        Run failed = cli("http://www.example.com/cli/retry/ok.js\nhttp://www.example.com/cli/retry/gone.js\n", KEY,
                "submit", "--cf-domain", DIST + ".cloudfront.net", "--pop", "ATL56-C1,DFW55-C3", "-");
        assertEquals(1, failed.code(), failed.out() + failed.err());
        String id = firstLine(failed);
        edge.clearFaults();
        long before = edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/cli/retry/")).count();

        Run retry = cli("", KEY, "retry", id);
        assertEquals(0, retry.code(), retry.out() + retry.err());
        String again = firstLine(retry);
        assertTrue(again.matches("[0-9a-f-]{36}"), retry.out());
        assertNotEquals(id, again);
        assertTrue(retry.err().contains("retries the 2 failed tasks (1 URL) of job " + id), retry.err());
        assertTrue(retry.out().contains("status     COMPLETED") && retry.out().contains("URLs       1/1 done, 0 failed"), retry.out());
        assertTrue(retry.out().contains("tasks      2 succeeded, 0 failed, 0 pending (of 2, at 2 PoPs)"), retry.out());
        assertEquals(before + 2, edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/cli/retry/")).count(),
                "only the failed URL, once at each PoP");
        Run status = cli("", KEY, "status", again, "--json");
        assertEquals(0, status.code(), status.err());
        assertEquals(id, Json.MAPPER.readTree(status.out()).path("detail").path("retryOf").asText(), status.out());

        Run nothingFailed = cli("", KEY, "retry", again);
        assertEquals(5, nothingFailed.code(), nothingFailed.out() + nothingFailed.err());
        assertTrue(nothingFailed.err().contains("HTTP 409"), nothingFailed.err());
        assertEquals("", nothingFailed.out());
    }
}
