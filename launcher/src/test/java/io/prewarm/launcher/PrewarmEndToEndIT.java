package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.testing.Api;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.simulator.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real broker: POST /prewarm -> expander -> warmer -> a real HTTP server
 * standing in for the edges (PoP names mapped to loopback addresses through PREWARM_HOSTS_FILE,
 * a setting deployments can use too) -> GET /status.
 */
class PrewarmEndToEndIT {
    private static final String DIST = EdgeSystem.DIST;
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");

    @TempDir
    static Path dir;
    private static EdgeSimulator edge;
    private static EdgeSystem system;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeSimulator.builder().bodyBytes(16 * 1024).start();
        system = EdgeSystem.start(dir, edge, POPS, Map.of("PREWARM_SHOW_SUCCESS_URLS", "true",
                // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
                "PREWARM_VERIFY", "false"));
        api = system.api();
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
    }

    private static String submit(List<String> urls) {
        String list = urls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        return system.submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}");
    }

    private static Api.Reply awaitFinal(String id) {
        Api.Reply[] last = new Api.Reply[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = api.status(id);
            return last[0].status() == 200 && !last[0].text("status").equals("IN_PROGRESS");
        });
        return last[0];
    }

    @Test
    void aJobIsCompletedAfterEveryDistinctUrlIsWarmedAtEveryPop() {
        List<String> urls = List.of("http://www.example.com/e2e/index.html", "http://img.example.com/e2e/demo.png?v=1",
                "http://www.example.com/e2e/index.html", "http://www.example.com/e2e/app.js");
        String id = submit(urls);

        Api.Reply status = awaitFinal(id);
        assertEquals("COMPLETED", status.text("status"), status.raw().body());
        assertEquals(3, status.body().get("total").asInt());
        assertEquals(3, status.body().get("completed").asInt());
        assertEquals(0, status.body().get("inProgress").asInt());
        assertEquals(3, status.body().get("successUrl").size());

        List<Request> seen = edge.requests().stream().filter(s -> s.pathAndQuery().contains("/e2e/")).toList();
        Set<String> expected = new HashSet<>();
        for (String url : Set.copyOf(urls)) {
            String host = url.replaceFirst("http://([^/]+)/.*", "$1");
            String path = url.replaceFirst("http://[^/]+", "");
            POPS.forEach(pop -> expected.add(host + " " + path + " @" + pop));
        }
        assertEquals(expected, seen.stream().map(s -> s.host() + " " + s.pathAndQuery() + " @" + s.pop()).collect(Collectors.toSet()));
        assertEquals(6, seen.size(), "each URL x PoP warmed exactly once");
        assertTrue(seen.stream().allMatch(s -> "gzip, deflate, br".equals(s.acceptEncoding())));
    }

    @Test
    void aUrlTheEdgeAnswers503ForFailsTheJobAndIsListed() {
        edge.fault("/f/broken.css", null, Fault.status(503));
        String id = submit(List.of("http://www.example.com/f/fine.css", "http://www.example.com/f/broken.css"));

        Api.Reply status = awaitFinal(id);
        assertEquals("FAILED", status.text("status"), status.raw().body());
        assertEquals(2, status.body().get("completed").asInt());
        assertEquals("[\"http://www.example.com/f/broken.css\"]", status.body().get("failedUrl").toString());
        assertEquals("[\"http://www.example.com/f/fine.css\"]", status.body().get("successUrl").toString());
    }

    @Test
    void anUnknownRequestIdIs404WithAMessage() {
        Api.Reply reply = api.status("no-such-request");
        assertEquals(404, reply.status());
        assertTrue(reply.text("message").startsWith("requestID"), reply.raw().body());
    }

    @Test
    void aBadRequestIs400NamingTheField() {
        Api.Reply reply = api.submit("{\"url_list\": [\"http://a.example/\"], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"region\", \"region\": [\"us\", \"mars\"]}");
        assertEquals(400, reply.status());
        assertTrue(reply.text("message").startsWith("region: "), reply.raw().body());
        assertTrue(reply.text("message").contains("mars"), reply.raw().body());
    }
}
