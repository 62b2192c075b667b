package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document cannot drift from the code: the whole system runs on a real broker (with
 * API keys, a rate limit and a small URL limit, so every documented refusal can be provoked) and
 * every answer it gives here, success or error, is checked against the document it serves at
 * {@code /openapi.json} (status documented for the operation, Content-Type, required headers such
 * as Retry-After, body schema). A last test lists the documented answers no test produced, which
 * must be exactly the ones that need a broken broker or store (503) or a bug (500). Covers the API
 * ({@code /prewarm}, {@code /status}, {@code /report}, {@code /jobs}), the health probes and
 * {@code /metrics}, and the docs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiContractIT {
    private static final String DIST = "d111111abcdef8";
    private static final String KEY = "docs-key";
    private static final String LIMITED_KEY = "limited-key";
    private static final int RATE_LIMIT = 20;
    private static final String VALID = "{\"url_list\": [\"http://www.example.com/c/1\", \"http://www.example.com/c/2\", \"http://www.example.com/f/404\"], "
            + "\"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"], "
            + "\"encodings\": [\"br\", \"\"], \"headers\": {\"User-Agent\": \"contract-test\"}, \"timeout_minutes\": 30}";

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Prewarm prewarm;
    private static Api api;
    private static OpenApiContract contract;
    private static String finishedJob;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(1024).start();
        edge.fault("/f/404", null, Fault.status(404));
        edge.fault("/s/stall", null, Fault.stall());
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        prewarm = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                "PREWARM_HTTP_PORT", "0", "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_SHOW_SUCCESS_URLS", "true", "PREWARM_MAX_URLS", "5", "PREWARM_READ_TIMEOUT_MS", "3000",
                "PREWARM_API_KEYS", KEY + "," + LIMITED_KEY, "PREWARM_RATE_LIMIT", String.valueOf(RATE_LIMIT)));
        api = new Api(prewarm.httpPort(), Map.of("x-api-key", KEY));
        HttpResponse<String> served = api.getText("/openapi.json");
        assertEquals(200, served.statusCode());
        contract = new OpenApiContract(served.body());
        conforms("GET", served);
        // right after start the status store is still joining its group: whatever it answers meanwhile (503) must conform too
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> conforms("GET", api.get("/status?requestID=not-yet").raw()).statusCode() == 404);
    }

    @AfterAll
    static void stop() throws Exception {
        prewarm.close();
        edge.close();
        kafka.close();
    }

    private static HttpResponse<String> conforms(String method, HttpResponse<String> response) {
        List<String> problems = contract.problems(method, response);
        assertTrue(problems.isEmpty(), method + " " + response.uri() + " -> " + response.statusCode() + ": " + problems);
        return response;
    }

    private static Api.Reply post(Api client, String contentType, String body) {
        Api.Reply reply = client.post("/prewarm", contentType, body);
        conforms("POST", reply.raw());
        return reply;
    }

    private static Api.Reply get(Api client, String pathAndQuery) {
        Api.Reply reply = client.get(pathAndQuery);
        conforms("GET", reply.raw());
        return reply;
    }

    private static synchronized String finishedJob() {
        if (finishedJob == null) {
            assertTrue(contract.requestBodyProblems("POST", "/prewarm", VALID).isEmpty(), contract.requestBodyProblems("POST", "/prewarm", VALID).toString());
            Api.Reply accepted = post(api, "application/json", VALID);
            assertEquals(200, accepted.status(), accepted.raw().body());
            String id = accepted.text("requestID");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(api, "/status?requestID=" + id).text("status").equals("FAILED"));
            finishedJob = id;
        }
        return finishedJob;
    }

    @Test
    @Order(1)
    void plainDetailedAndPagedStatusAnswersConform() {
        String id = finishedJob();
        Api.Reply plain = get(api, "/status?requestID=" + id);
        assertEquals(3, plain.body().path("total").asInt());
        assertFalse(plain.body().has("detail"));
        Api.Reply detail = get(api, "/status?detail=true&requestID=" + id);
        assertEquals(4, detail.body().path("detail").path("failures").size(), "/f/404 x 2 PoPs x 2 variants: " + detail.body());
        Api.Reply page = get(api, "/status?requestID=" + id + "&limit=2");
        assertTrue(page.body().has("nextCursor"), page.raw().body());
        Api.Reply last = get(api, "/status?requestID=" + id + "&limit=2&cursor=" + page.text("nextCursor"));
        assertFalse(last.body().has("nextCursor"), last.raw().body());
    }

    @Test
    @Order(2)
    void theCsvReportConforms() {
        HttpResponse<String> csv = conforms("GET", api.getText("/report?requestID=" + finishedJob()));
        assertEquals(200, csv.statusCode());
        assertEquals(1 + 3 * 2 * 2, csv.body().lines().count());
    }

    @Test
    @Order(3)
    void refusalsConform() {
        assertEquals(400, post(api, "application/json", "{\"url_list\": [], \"target_type\": \"pop\", \"region\": \"all\"}").status());
        assertEquals(400, post(api, "application/json", "{\"regoin\": 1}").status());
        assertEquals(413, post(api, "application/json", VALID.replace("\"http://www.example.com/c/1\"",
                "\"http://a.com/1\", \"http://a.com/2\", \"http://a.com/3\", \"http://a.com/4\"")).status());
        assertEquals(415, post(api, "text/plain", VALID).status());
        assertEquals(400, get(api, "/status").status());
        assertEquals(400, get(api, "/status?requestID=" + finishedJob() + "&limit=0").status());
        assertEquals(404, get(api, "/status?requestID=no-such-job").status());
        assertEquals(400, conforms("GET", api.getText("/report")).statusCode());
        assertEquals(404, conforms("GET", api.getText("/report?requestID=no-such-job")).statusCode());
        for (String limit : List.of("0", "201", "ten", "")) {
            Api.Reply refused = get(api, "/jobs?limit=" + limit);
            assertEquals(400, refused.status(), "limit=" + limit + ": " + refused.raw().body());
            assertTrue(refused.text("message").startsWith("limit: "), refused.raw().body());
        }
    }

    @Test
    @Order(4)
    void withoutAValidKeyEveryApiEndpointAnswers403() {
        Api anonymous = new Api(prewarm.httpPort());
        Api wrongKey = new Api(prewarm.httpPort(), Map.of("x-api-key", "not-a-key"));
        for (Api client : List.of(anonymous, wrongKey)) {
            assertEquals(403, post(client, "application/json", VALID).status());
            assertEquals(403, get(client, "/status?requestID=" + finishedJob()).status());
            assertEquals(403, conforms("GET", client.getText("/report?requestID=" + finishedJob())).statusCode());
            assertEquals(403, get(client, "/jobs").status());
            assertEquals(403, get(client, "/jobs?limit=1").status());
        }
    }

    @Test
    @Order(5)
    void overTheRateLimitPostsAnswer429WithRetryAfter() {
        Api limited = new Api(prewarm.httpPort(), Map.of("x-api-key", LIMITED_KEY));
        for (int i = 0; i < RATE_LIMIT; i++) {
            assertEquals(400, post(limited, "application/json", "{}").status());
        }
        Api.Reply refused = post(limited, "application/json", "{}");
        assertEquals(429, refused.status(), refused.raw().body());
        assertTrue(refused.raw().headers().firstValue("Retry-After").isPresent());
        Api.Reply retry = limited.post("/prewarm/retry?requestID=" + finishedJob(), "application/json", "");
        conforms("POST", retry.raw());
        assertEquals(429, retry.status(), "a retry is a submission, limited alike: " + retry.raw().body());
    }

    @Test
    @Order(6)
    void theDocsPageLoadsSwaggerUiFromThisInstance() {
        Api anonymous = new Api(prewarm.httpPort());
        HttpResponse<String> page = conforms("GET", anonymous.getText("/docs"));
        assertEquals(200, page.statusCode());
        Matcher assets = Pattern.compile("(?:src|href)=\"(/docs/assets/[^\"]+)\"").matcher(page.body());
        Set<String> loaded = new TreeSet<>();
        while (assets.find()) {
            HttpResponse<String> asset = anonymous.getText(assets.group(1));
            assertEquals(200, asset.statusCode(), assets.group(1));
            assertFalse(asset.body().isEmpty(), assets.group(1));
            loaded.add(assets.group(1).substring("/docs/assets/".length()));
        }
        assertTrue(loaded.containsAll(Set.of("swagger-ui.css", "swagger-ui-bundle.js", "docs-init.js")), loaded.toString());
        assertTrue(anonymous.getText("/docs/assets/docs-init.js").body().contains("\"/openapi.json\""));
        assertEquals(404, anonymous.getText("/docs/assets/index.html").statusCode(), "only the page's own assets are served");
        assertEquals("3.1.0", contract.document().path("openapi").asText());
    }

    @Test
    @Order(7)
    void theNewestJobsAnswersConformWithAndWithoutLimit() {
        String older = finishedJob();
        Api.Reply accepted = post(api, "application/json", VALID);
        assertEquals(200, accepted.status(), accepted.raw().body());
        String newer = accepted.text("requestID");
        // the list is read from the status store (and reused for up to a second): the new job appears shortly
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(api, "/jobs").body().path("jobs").path(0).path("requestID").asText().equals(newer));
        JsonNode jobs = get(api, "/jobs").body().path("jobs");
        assertEquals(2, jobs.size(), "no other test created a job: " + jobs);
        JsonNode finished = jobs.get(1);
        assertEquals(older, finished.path("requestID").asText(), "newest first: " + jobs);
        assertEquals("FAILED", finished.path("status").asText());
        assertEquals(List.of(3, 3, 1), List.of(finished.path("total").asInt(), finished.path("completed").asInt(), finished.path("failed").asInt()));
        assertTrue(finished.path("finishedAt").asLong() >= finished.path("createdAt").asLong(), finished.toString());
        assertTrue(jobs.get(0).path("createdAt").asLong() >= finished.path("createdAt").asLong(), jobs.toString());
        JsonNode one = get(api, "/jobs?limit=1").body().path("jobs");
        assertEquals(1, one.size(), one.toString());
        assertEquals(newer, one.get(0).path("requestID").asText());
        assertEquals(2, get(api, "/jobs?limit=200").body().path("jobs").size());
    }

    @Test
    @Order(8)
    void healthProbesAndMetricsConformWithoutAKey() {
        Api anonymous = new Api(prewarm.httpPort());
        Api.Reply live = get(anonymous, "/health/live");
        assertEquals(200, live.status(), live.raw().body());
        // every answer on the way (a 503 while a Streams app is still rebalancing) must conform too
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get(anonymous, "/health/ready").status() == 200);
        JsonNode checks = get(anonymous, "/health/ready").body().path("checks");
        assertEquals(Set.of("kafka", "streams.status", "streams.expander"), fieldNames(checks), checks.toString());
        HttpResponse<String> metrics = conforms("GET", anonymous.getText("/metrics"));
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                metrics.headers().firstValue("Content-Type").toString());
        assertTrue(metrics.body().contains("\nhttp_server_requests_seconds_count{method=\"GET\",route=\"/jobs\",status=\"200\"}"),
                "the requests of the tests before are timed by route");
    }

    @Test
    @Order(9)
    void cancelAndRetryAnswersConform() {
        Api.Reply running = post(api, "application/json", "{\"url_list\": [\"http://www.example.com/s/stall\"], \"cf_domain\": \"" + DIST
                + ".cloudfront.net\", \"region\": [\"ATL56-C1\"]}");
        assertEquals(200, running.status(), running.raw().body());
        String id = running.text("requestID");
        assertEquals(409, retry(api, id).status(), "a running job has nothing to retry yet");
        Api.Reply cancelled = delete(api, "/prewarm?requestID=" + id);
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("CANCELLED", cancelled.text("status"));
        assertEquals(200, delete(api, "/prewarm?requestID=" + id).status(), "idempotent");
        assertEquals(409, delete(api, "/prewarm?requestID=" + finishedJob()).status());
        assertEquals(404, delete(api, "/prewarm?requestID=no-such-job").status());
        assertEquals(400, delete(api, "/prewarm").status());
        assertEquals(403, delete(new Api(prewarm.httpPort()), "/prewarm?requestID=" + id).status());

        Api.Reply retried = retry(api, finishedJob());
        assertEquals(200, retried.status(), retried.raw().body());
        assertEquals(4, retried.body().path("tasks").asInt(), retried.raw().body());
        assertEquals(404, retry(api, "no-such-job").status());
        assertEquals(400, conforms("POST", api.post("/prewarm/retry", "application/json", "").raw()).statusCode());
        assertEquals(403, retry(new Api(prewarm.httpPort()), finishedJob()).status());
    }

    private static Api.Reply delete(Api client, String pathAndQuery) {
        Api.Reply reply = client.delete(pathAndQuery);
        conforms("DELETE", reply.raw());
        return reply;
    }

    private static Api.Reply retry(Api client, String id) {
        Api.Reply reply = client.post("/prewarm/retry?requestID=" + id, "application/json", "");
        conforms("POST", reply.raw());
        return reply;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    @Order(100)
    void everyDocumentedAnswerWasProducedExceptTheOnesNeedingAnOutageOrABug() {
        Set<String> notProduced = new TreeSet<>(contract.documentedResponses());
        notProduced.removeAll(contract.seen());
        notProduced.removeIf(r -> r.endsWith(" 500") || r.endsWith(" 503"));
        assertEquals(Set.of(), notProduced);
        System.out.println("OpenAPI answers produced and validated: " + new TreeSet<>(contract.seen()));
    }
}
