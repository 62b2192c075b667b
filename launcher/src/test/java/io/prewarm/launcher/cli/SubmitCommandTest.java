package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.detail;
import static io.prewarm.launcher.cli.FakeServer.job;
import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./prewarm submit} against a scripted server: what it sends, what it prints, how it exits. */
class SubmitCommandTest {
    private static final String DETAIL_FAILED = "{\"status\":\"FAILED\",\"total\":3,\"completed\":3,\"inProgress\":0,\"failedUrl\":[],"
            + "\"inProgressUrl\":[],\"detail\":{\"tasks\":{\"total\":6,\"succeeded\":4,\"failed\":2,\"pending\":0},"
            + "\"pops\":[{\"pop\":\"ATL56-C1\",\"total\":3,\"succeeded\":1,\"failed\":2,\"pending\":0}],"
            + "\"failures\":[{\"url\":\"http://a.example/x\",\"pop\":\"ATL56-C1\",\"httpStatus\":404,\"reason\":\"HTTP 404\",\"attempts\":1},"
            + "{\"url\":\"http://a.example/y\",\"pop\":\"ATL56-C1\",\"reason\":\"timed out after 30000 ms\",\"attempts\":3}]}}";

    /** 8 URLs x 2 PoPs, 7 of the URLs uncacheable (5 shown), one PoP backed off. */
    private static final String DETAIL_VERIFIED = "{\"status\":\"FAILED\",\"total\":8,\"completed\":8,\"inProgress\":0,\"failedUrl\":[],"
            + "\"inProgressUrl\":[],\"detail\":{\"tasks\":{\"total\":16,\"succeeded\":10,\"failed\":6,\"pending\":0,\"verified\":10,"
            + "\"notCached\":6},\"pops\":[],\"failures\":[{\"url\":\"http://a.example/nocache/no-store/1\",\"pop\":\"ATL56-C1\",\"httpStatus\":200,"
            + "\"reason\":\"not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store)\",\"attempts\":1,"
            + "\"verification\":\"NOT_CACHED\",\"verify\":{\"httpStatus\":200,\"xCache\":\"Miss from cloudfront\",\"cfPop\":\"ATL56-C1\"}}],"
            + "\"uncacheable\":[{\"url\":\"http://a.example/nocache/no-store/1\",\"header\":\"Cache-Control\",\"value\":\"no-store\"},"
            + "{\"url\":\"http://a.example/nocache/set-cookie/1\",\"header\":\"Set-Cookie\",\"value\":\"session=...\"},"
            + "{\"url\":\"http://a.example/nocache/no-store/2\",\"header\":\"Cache-Control\",\"value\":\"no-store\"},"
            + "{\"url\":\"http://a.example/nocache/no-store/3\",\"header\":\"Cache-Control\",\"value\":\"no-store\"},"
            + "{\"url\":\"http://a.example/nocache/no-store/4\",\"header\":\"Cache-Control\",\"value\":\"no-store\"},"
            + "{\"url\":\"http://a.example/nocache/no-store/5\",\"header\":\"Cache-Control\",\"value\":\"no-store\"},"
            + "{\"url\":\"http://a.example/nocache/no-store/6\",\"header\":\"Cache-Control\",\"value\":\"no-store\"}],"
            + "\"uncacheableCount\":7,\"uncacheableTruncated\":false,"
            + "\"backoff\":[{\"pop\":\"DFW55-C3\",\"reason\":\"HTTP 503 x3 (Retry-After: 30)\",\"since\":1795000000000,"
            + "\"retryAt\":1795000030000,\"warmer\":\"warmer-1\"}]}}";

    @TempDir
    Path dir;
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run submit(String stdin, String... args) {
        return CliRunner.against(server, stdin, "submit", args);
    }

    @Test
    void aCompletedJobPrintsItsIdFirstShowsProgressAndExits0() {
        server.polls(ok(job("IN_PROGRESS", 2, 0)), ok(job("IN_PROGRESS", 2, 1)), ok(job("COMPLETED", 2, 2)))
                .reads(c -> ok(detail("COMPLETED", 2)));

        CliRunner.Run run = submit("http://a.example/1\nhttp://a.example/2\n", "--region", "us", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("job-1", run.firstLine());
        assertTrue(run.out().contains("status     COMPLETED"), run.out());
        assertTrue(run.out().contains("URLs       2/2 done, 0 failed"), run.out());
        assertTrue(run.err().contains("[###############---------------]  50%  1/2 URLs  IN_PROGRESS"), run.err());
        assertTrue(run.err().contains("100%  2/2 URLs  COMPLETED"), run.err());
        assertEquals(3, server.calls("GET", "/status").stream().filter(c -> "1".equals(c.query().get("limit")) && "job-1".equals(c.query().get("requestID"))
                && !c.query().containsKey("detail")).count(), "one poll per answer, each for the whole job's counts");
    }

    @Test
    void aFailedJobExits1AndCountsFailedUrlsAndShowsFailuresWithPopAndReason() {
        server.polls(ok(job("IN_PROGRESS", 3, 1)), ok(job("FAILED", 3, 3))).reads(c -> {
            if ("true".equals(c.query().get("detail"))) {
                return ok(DETAIL_FAILED);
            }
            return c.query().containsKey("cursor") ? ok("{\"status\":\"FAILED\",\"failedUrl\":[\"http://a.example/y\"]}")
                    : ok("{\"status\":\"FAILED\",\"failedUrl\":[\"http://a.example/x\"],\"nextCursor\":\"http://a.example/x\"}");
        });

        CliRunner.Run run = submit("http://a.example/x\nhttp://a.example/y\nhttp://a.example/z\n", "--pop", "ATL56-C1", "-");

        assertEquals(Exit.FAILED, run.code(), run.err());
        assertEquals("job-1", run.firstLine());
        assertTrue(run.out().contains("URLs       3/3 done, 2 failed"), run.out());
        assertTrue(run.out().contains("tasks      4 succeeded, 2 failed, 0 pending (of 6, at 1 PoP)"), run.out());
        assertTrue(run.out().contains("ATL56-C1   HTTP 404  http://a.example/x"), run.out());
        assertTrue(run.out().contains("ATL56-C1   timed out after 30000 ms  http://a.example/y"), run.out());
        assertTrue(server.calls("GET", "/status").stream().anyMatch(c -> "http://a.example/x".equals(c.query().get("cursor"))),
                "the failed URLs are counted over every page");
    }

    @Test
    void aTimedOutJobExits2() {
        server.polls(ok(job("TIMEOUT", 2, 1))).reads(c -> ok(detail("TIMEOUT", 2).replace("\"completed\":2,\"inProgress\":0", "\"completed\":1,\"inProgress\":1")));

        CliRunner.Run run = submit("http://a.example/1\nhttp://a.example/2\n", "--region", "all", "-");

        assertEquals(Exit.TIMEOUT, run.code(), run.err());
        assertTrue(run.out().contains("status     TIMEOUT"), run.out());
        assertTrue(run.out().contains("1/2 done, 0 failed, 1 not done"), run.out());
    }

    @Test
    void theBodyIsBuiltFromTheOptionsAndTheFileSkippingBlanksAndComments() throws Exception {
        Path file = Files.writeString(dir.resolve("urls.txt"), "# assets\n\n  https://www.example.com/a.js  \r\nhttps://www.example.com/b.css\n   # old\n");

        CliRunner.Run run = submit("", "--cf-domain", "d111111abcdef8.cloudfront.net", "--region", "us,eu", "--region=jp", "--protocol", "https",
                "--no-follow", file.toString());

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("job-1", run.out().strip());
        JsonNode body = Json.MAPPER.readTree(server.calls("POST", "/prewarm").get(0).body());
        assertEquals(Json.MAPPER.readTree("{\"url_list\":[\"https://www.example.com/a.js\",\"https://www.example.com/b.css\"],"
                + "\"cf_domain\":\"d111111abcdef8.cloudfront.net\",\"target_type\":\"region\",\"region\":[\"us\",\"eu\",\"jp\"],\"protocol\":\"https\"}"), body);
        assertEquals("application/json", server.calls("POST", "/prewarm").get(0).headers().get("content-type"));
        assertTrue(server.calls("GET", "/status").isEmpty(), "--no-follow does not poll");
    }

    @Test
    void urlsFromStdinAndPopAllMeanEveryPopWithNothingElseSent() throws Exception {
        CliRunner.Run run = submit("http://a.example/1\n", "--pop", "all", "--no-follow", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals(Json.MAPPER.readTree("{\"url_list\":[\"http://a.example/1\"],\"target_type\":\"pop\",\"region\":\"all\"}"),
                Json.MAPPER.readTree(server.calls("POST", "/prewarm").get(0).body()));
    }

    @Test
    void aCallbackUrlGoesInTheBodyAsGiven() throws Exception {
        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "--callback-url", " https://hooks.example.com/prewarm?team=web ",
                "--no-follow", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("https://hooks.example.com/prewarm?team=web",
                Json.MAPPER.readTree(server.calls("POST", "/prewarm").get(0).body()).path("callback_url").asText());
    }

    @Test
    void noVerifyAndMaxRateGoInTheBodyAndWithoutThemTheServersDefaultsHold() throws Exception {
        submit("http://a.example/1\n", "--region", "us", "--no-verify", "--max-rate", " 250 ", "--no-follow", "-");
        submit("http://a.example/1\n", "--region", "us", "--verify", "--no-follow", "-");
        submit("http://a.example/1\n", "--region", "us", "--no-follow", "-");

        List<JsonNode> bodies = new ArrayList<>();
        for (FakeServer.Call c : server.calls("POST", "/prewarm")) {
            bodies.add(Json.MAPPER.readTree(c.body()));
        }
        assertEquals("false", bodies.get(0).path("verify").toString());
        assertEquals("250", bodies.get(0).path("max_rate").toString(), "a JSON number");
        assertEquals("true", bodies.get(1).path("verify").toString());
        assertFalse(bodies.get(1).has("max_rate"));
        assertFalse(bodies.get(2).has("verify") || bodies.get(2).has("max_rate"), "PREWARM_VERIFY and no job cap: " + bodies.get(2));
    }

    @Test
    void aMaxRateOutOfRangeIsTheServersToRefuseAndItsMessageIsShown() throws Exception {
        server.post(400, "{\"message\":\"max_rate: must be 1 to 100000 requests per second, got 0\"}");

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "--max-rate", "0", "-");

        assertEquals(Exit.REFUSED, run.code());
        assertEquals(0, Json.MAPPER.readTree(server.calls("POST", "/prewarm").get(0).body()).path("max_rate").asInt(-1));
        assertTrue(run.err().contains("HTTP 400): max_rate: must be 1 to 100000"), run.err());
    }

    @Test
    void theSummaryShowsVerifiedAndNotCachedTasksTheUncacheableUrlsAndThePopsBackedOff() {
        server.polls(ok(job("FAILED", 8, 8))).reads(c -> ok(DETAIL_VERIFIED));

        CliRunner.Run run = submit("http://a.example/1\n", "--pop", "ATL56-C1,DFW55-C3", "-");

        assertEquals(Exit.FAILED, run.code(), run.err());
        assertTrue(run.out().contains("verified   10 tasks proven in the PoP's cache, 6 not cached\n"), run.out());
        assertTrue(run.out().contains("uncacheable 7 URLs answered with a header that forbids caching (first 5):\n"
                + "  Cache-Control: no-store  http://a.example/nocache/no-store/1\n"
                + "  Set-Cookie: session=...  http://a.example/nocache/set-cookie/1\n"), run.out());
        assertEquals(5, run.out().lines().filter(l -> l.startsWith("  Cache-Control: ") || l.startsWith("  Set-Cookie: ")).count(), run.out());
        assertTrue(run.out().contains("backoff    1 PoP backed off now (no tasks sent there until the next try):\n"
                + "  DFW55-C3   HTTP 503 x3 (Retry-After: 30), since 2026-11-18T"), run.out());
        assertTrue(run.out().contains(", next try 2026-11-18T") && run.out().contains(" (warmer warmer-1)\n"), run.out());
        assertTrue(run.out().contains("ATL56-C1   not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store)  "
                + "http://a.example/nocache/no-store/1"), run.out());
    }

    @Test
    void aJobWarmedWithoutVerificationShowsNoVerificationLines() {
        server.polls(ok(job("COMPLETED", 2, 2))).reads(c -> ok(detail("COMPLETED", 2).replace("\"pending\":0}", "\"pending\":0,\"verified\":0,\"notCached\":0}")
                .replace("\"failures\":[]", "\"failures\":[],\"uncacheable\":[],\"uncacheableCount\":0,\"backoff\":[]")));

        CliRunner.Run run = submit("http://a.example/1\nhttp://a.example/2\n", "--region", "us", "--no-verify", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertFalse(run.out().contains("verified") || run.out().contains("uncacheable") || run.out().contains("backoff"), run.out());
    }

    @Test
    void aCallbackUrlTheServerRefusesPrintsItsMessage() {
        server.post(400, "{\"message\":\"callback_url: needs PREWARM_WEBHOOK_SECRET to be set on the server (callbacks are signed with it)\"}");

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "--callback-url", "https://hooks.example.com/", "-");

        assertEquals(Exit.REFUSED, run.code());
        assertTrue(run.err().contains("HTTP 400): callback_url: needs PREWARM_WEBHOOK_SECRET"), run.err());
    }

    @Test
    void serverAndApiKeyComeFromTheEnvironmentAndTheKeyGoesOnEveryCall() {
        server.polls(ok(job("COMPLETED", 1, 1))).reads(c -> ok(detail("COMPLETED", 1)));

        CliRunner.Run run = CliRunner.run("http://a.example/1\n", Map.of("PREWARM_SERVER", server.url() + "/", "PREWARM_API_KEY", "s3cret"),
                "submit", "--country", "japan,india", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertTrue(server.calls.size() >= 3);
        assertTrue(server.calls.stream().allMatch(c -> "s3cret".equals(c.headers().get("x-api-key"))), server.calls.toString());
        assertTrue(server.calls("POST", "/prewarm").get(0).body().contains("\"target_type\":\"country\",\"region\":[\"japan\",\"india\"]"));
    }

    @Test
    void theApiKeyOptionWinsOverTheEnvironment() {
        CliRunner.Run run = CliRunner.run("http://a.example/1\n", Map.of("PREWARM_API_KEY", "old"), "submit", "--server", server.url(),
                "--api-key", "new", "--region", "us", "--no-follow", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("new", server.calls("POST", "/prewarm").get(0).headers().get("x-api-key"));
    }

    @Test
    void aRefusedRequestPrintsTheServersMessageAndNoId() {
        server.post(400, "{\"message\":\"region: unknown region 'mars'\"}");

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "mars", "-");

        assertEquals(Exit.REFUSED, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("HTTP 400): region: unknown region 'mars'"), run.err());
    }

    @Test
    void tooManyUrlsForTheServerSaysSoAndHowToSplit() {
        server.post(413, "{\"message\":\"url_list: at most 2 URLs per request, got 3\"}");

        CliRunner.Run run = submit("http://a.example/1\nhttp://a.example/2\nhttp://a.example/3\n", "--region", "us", "-");

        assertEquals(Exit.REFUSED, run.code());
        assertTrue(run.err().contains("refused 3 URLs in one request (HTTP 413): url_list: at most 2 URLs per request, got 3"), run.err());
        assertTrue(run.err().contains("PREWARM_MAX_URLS") && run.err().contains("split"), run.err());
        assertEquals(1, server.calls("POST", "/prewarm").size(), "one request, no retry");
    }

    @Test
    void anUnreachableServerEndsAsUnavailableAtOnce() {
        String url = server.url();
        server.close();

        CliRunner.Run run = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> CliRunner.run("http://a.example/1\n", Map.of(), "submit", "--server", url, "--region", "us", "-"));

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("prewarm submit: cannot reach " + url + " ("), run.err());
    }
}
