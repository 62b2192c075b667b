package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.Api;
import io.prewarm.testing.DnsStub;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a warm request can fail, end to end against the edge simulator over real HTTP, HTTPS
 * and DNS: each ends with the right status and the right reason in {@code detail}.
 */
class WarmFailuresIT {
    private static final String DIST = "d111111abcdef8";

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static DnsStub dns;
    private static Prewarm prewarm;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(2048).tlsHostnames(List.of("www.example.com", "cdn.example.com")).start();
        edge.fault("/f/503", null, Fault.status(503))
                .fault("/f/404", null, Fault.status(404))
                .fault("/f/302", null, Fault.redirect("https://origin.example.com/moved"))
                .fault("/f/stall", null, Fault.stall())
                .fault("/f/dfw-only", "DFW55-C3", Fault.status(500));
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        dns = DnsStub.start().cname("cdn.example.com", DIST + ".cloudfront.net").a("plain.example.com", "192.0.2.10");
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PREWARM_DATA_DIR", dir.resolve("data").toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_DNS_SERVER", dns.hostPort());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_EDGE_HTTPS_PORT", String.valueOf(edge.httpsPort()));
        env.put("PREWARM_TLS_CA_FILE", edge.caPem().toString());
        env.put("PREWARM_READ_TIMEOUT_MS", "700");
        env.put("PREWARM_WARM_ATTEMPTS", "2");
        env.put("PREWARM_RETRY_BACKOFF_MS", "10");
        prewarm = Prewarm.start(env);
        api = new Api(prewarm.httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        prewarm.close();
        edge.close();
        dns.close();
        kafka.close();
    }

    private static JsonNode finish(String body) {
        Api.Reply accepted = api.submit(body);
        assertEquals(200, accepted.status(), accepted.raw().body());
        String id = accepted.text("requestID");
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        return last[0];
    }

    private static JsonNode failure(JsonNode status, String url, String pop) {
        for (JsonNode f : status.path("detail").path("failures")) {
            if (f.path("url").asText().equals(url) && f.path("pop").asText().equals(pop)) {
                return f;
            }
        }
        throw new AssertionError("no failure for " + url + " at " + pop + " in " + status);
    }

    @Test
    void eachFailureOverHttpsEndsWithItsReason() {
        String base = "https://www.example.com";
        JsonNode status = finish("{\"url_list\": [\"" + base + "/ok\", \"" + base + "/f/503\", \"" + base + "/f/404\", \"" + base + "/f/302\", \""
                + base + "/f/stall\", \"" + base + "/f/dfw-only\", \"https://wrong.example.org/x\"], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"protocol\": \"https\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\", \"ZZZ99-Z9\"]}");

        assertEquals("FAILED", status.path("status").asText(), status.toString());
        assertEquals(7, status.path("completed").asInt());
        assertEquals("HTTP 503", failure(status, base + "/f/503", "ATL56-C1").path("reason").asText());
        assertEquals(2, failure(status, base + "/f/503", "ATL56-C1").path("attempts").asInt(), "5xx is retried");
        assertEquals(1, failure(status, base + "/f/404", "DFW55-C3").path("attempts").asInt(), "4xx is not retried");
        assertTrue(failure(status, base + "/f/302", "ATL56-C1").path("reason").asText().contains("https://origin.example.com/moved"));
        assertTrue(failure(status, base + "/f/stall", "ATL56-C1").path("reason").asText().startsWith("timed out"),
                failure(status, base + "/f/stall", "ATL56-C1").toString());
        assertEquals("PoP did not resolve: " + DIST + ".ZZZ99-Z9.cloudfront.net", failure(status, base + "/ok", "ZZZ99-Z9").path("reason").asText());
        assertTrue(failure(status, "https://wrong.example.org/x", "ATL56-C1").path("reason").asText().startsWith("TLS failure"),
                failure(status, "https://wrong.example.org/x", "ATL56-C1").toString());
        assertEquals("HTTP 500", failure(status, base + "/f/dfw-only", "DFW55-C3").path("reason").asText());
        JsonNode atl = status.path("detail").path("pops").get(0);
        assertEquals("ATL56-C1", atl.path("pop").asText());
        assertEquals(2, atl.path("succeeded").asInt(), "/ok and /f/dfw-only succeed at ATL56-C1");
        assertTrue(edge.requests().stream().anyMatch(r -> r.tls() && "www.example.com".equals(r.sni()) && r.pathAndQuery().equals("/ok")));
    }

    @Test
    void withoutCfDomainEachHostIsMappedByItsCnameAndAHostWithoutOneFailsAtOnce() {
        JsonNode status = finish("{\"url_list\": [\"http://cdn.example.com/lib.js\", \"http://plain.example.com/x\"], "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}");

        assertEquals("FAILED", status.path("status").asText(), status.toString());
        assertEquals("[\"http://plain.example.com/x\"]", status.path("failedUrl").toString());
        assertEquals("plain.example.com has no CNAME to *.cloudfront.net; give cf_domain",
                failure(status, "http://plain.example.com/x", "ATL56-C1").path("reason").asText());
        assertTrue(edge.requests().stream().anyMatch(r -> "cdn.example.com".equals(r.host()) && r.pathAndQuery().equals("/lib.js") && r.pop().equals("ATL56-C1")));
    }

    @Test
    void theReportListsEveryTaskWithItsOutcome() {
        Api.Reply accepted = api.submit("{\"url_list\": [\"http://www.example.com/r/a\", \"http://www.example.com/f/404\"], \"cf_domain\": \""
                + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"], \"encodings\": [\"br\", \"gzip\"]}");
        String id = accepted.text("requestID");
        await().atMost(Duration.ofSeconds(60)).until(() -> api.status(id).text("status").equals("FAILED"));

        var csv = api.getText("/report?requestID=" + id);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertEquals(9, lines.size(), csv.body());
        assertEquals(4, lines.stream().filter(l -> l.contains(",FAILURE,404,")).count());
        assertEquals(4, lines.stream().filter(l -> l.contains(",SUCCESS,200,")).count());
    }
}
