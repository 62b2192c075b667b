package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.HeaderRules;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.testing.DnsStub;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.simulator.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeClientTest {
    private static final String DIST = "d111111abcdef8";
    private EdgeSimulator edge;
    private DnsStub dns;
    @TempDir
    Path dir;
    private EdgeResolver resolver;
    private EdgeClient client;

    @BeforeEach
    void setUp() {
        edge = EdgeSimulator.builder().bodyBytes(100_000).start();
        dns = DnsStub.start()
                .cname("cdn.example.com", "cdn-alias.example.net")
                .cname("cdn-alias.example.net", DIST + ".cloudfront.net")
                .a("origin.example.com", "192.0.2.1");
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        resolver = new EdgeResolver(HostsFile.load(hosts), Optional.of(dns.hostPort()));
        WarmerConfig config = WarmerConfig.fromEnv(Map.of(
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_RETRY_BACKOFF_MS", "10"));
        client = new EdgeClient(config, resolver);
    }

    @AfterEach
    void tearDown() {
        client.close();
        resolver.close();
        edge.close();
        dns.close();
    }

    private WarmResult warm(String url, String pop) throws Exception {
        return client.warm(new Task("r1", url, pop, DIST, "http", Task.DEFAULT_ACCEPT_ENCODING, Long.MAX_VALUE)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aWarmRequestGoesToThePopAddressWithTheUrlsHostAndReadsTheWholeBody() throws Exception {
        WarmResult r = warm("http://www.example.com/images/demo.png?v=2&x=%20y", "DFW55-C3");

        assertEquals(Outcome.SUCCESS, r.outcome());
        assertEquals(200, r.httpStatus());
        assertEquals(100_000, r.bytes());
        assertEquals("Miss from cloudfront", r.xCache());
        assertEquals("DFW55-C3", r.cfPop());
        assertEquals(1, r.attempts());
        assertNull(r.error());
        Request seen = edge.requests().get(0);
        assertEquals("www.example.com", seen.host());
        assertEquals("/images/demo.png?v=2&x=%20y", seen.pathAndQuery());
        assertEquals("gzip, deflate, br", seen.acceptEncoding());
        assertEquals("DFW55-C3", seen.pop());
    }

    @Test
    void theSecondRequestForAUrlAtAPopIsACacheHit() throws Exception {
        warm("http://www.example.com/a", "ATL56-C1");
        assertEquals("Hit from cloudfront", warm("http://www.example.com/a", "ATL56-C1").xCache());
    }

    @Test
    void aRedirectIsNotFollowedAndNamesItsLocation() throws Exception {
        edge.fault("/moved", null, Fault.redirect("https://origin.example.com/elsewhere"));

        WarmResult r = warm("http://www.example.com/moved", "ATL56-C1");
        assertEquals(Outcome.FAILURE, r.outcome());
        assertEquals(302, r.httpStatus());
        assertTrue(r.error().contains("https://origin.example.com/elsewhere"), r.error());
        assertEquals(1, edge.requests().size());
    }

    @Test
    void a5xxIsRetriedUpToTheAttemptLimit() throws Exception {
        edge.fault("/broken", null, Fault.status(503));

        WarmResult r = warm("http://www.example.com/broken", "ATL56-C1");
        assertEquals(Outcome.FAILURE, r.outcome());
        assertEquals(503, r.httpStatus());
        assertEquals(3, r.attempts());
        assertEquals(3, edge.requests().size());
    }

    @Test
    void a4xxIsNotRetried() throws Exception {
        edge.fault("/missing", null, Fault.status(404));

        WarmResult r = warm("http://www.example.com/missing", "ATL56-C1");
        assertEquals(Outcome.FAILURE, r.outcome());
        assertEquals("HTTP 404", r.error());
        assertEquals(1, r.attempts());
    }

    @Test
    void aPopThatDoesNotResolveFailsWithThatReason() throws Exception {
        WarmResult r = warm("http://www.example.com/a", "ZZZ99-Z9");
        assertEquals(Outcome.FAILURE, r.outcome());
        assertEquals("PoP did not resolve: d111111abcdef8.ZZZ99-Z9.cloudfront.net", r.error());
        assertTrue(edge.requests().isEmpty());
    }

    @Test
    void withoutCfDomainTheDistributionIsFoundThroughTheHostsCnameChain() throws Exception {
        WarmResult r = client.warm(new Task("r1", "http://cdn.example.com/lib.js", "ATL56-C1", null, "http", "br", Long.MAX_VALUE)).get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.SUCCESS, r.outcome(), r.error());
        assertEquals("ATL56-C1", edge.requests().get(0).pop());
        assertEquals("br", edge.requests().get(0).acceptEncoding());
    }

    @Test
    void aHostWithoutACloudFrontCnameFailsAtOnceWithTheReason() throws Exception {
        WarmResult r = client.warm(new Task("r1", "http://origin.example.com/x", "ATL56-C1", null, "http", "gzip", Long.MAX_VALUE)).get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.FAILURE, r.outcome());
        assertEquals("origin.example.com has no CNAME to *.cloudfront.net; give cf_domain", r.error());
        assertTrue(edge.requests().isEmpty());
    }

    @Test
    void extraHeadersAreSentAndAnEmptyEncodingSendsNoAcceptEncoding() throws Exception {
        WarmResult r = client.warm(new Task("r1", "http://www.example.com/h", "ATL56-C1", DIST, "http", "",
                Map.of("User-Agent", "Mozilla/5.0 (prewarm test)"), Long.MAX_VALUE)).get(30, TimeUnit.SECONDS);
        assertEquals(Outcome.SUCCESS, r.outcome(), r.error());
        assertEquals("Mozilla/5.0 (prewarm test)", edge.requests().get(0).headers().get("user-agent"));
        assertNull(edge.requests().get(0).acceptEncoding());
    }

    @Test
    void aTaskPastItsDeadlineIsSkippedWithoutARequest() throws Exception {
        WarmResult r = client.warm(new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "gzip", 1)).get(5, TimeUnit.SECONDS);
        assertEquals(Outcome.SKIPPED, r.outcome());
        assertTrue(edge.requests().isEmpty());
    }

    @Test
    void hostileTasksAreRefusedWithoutAnyConnection() throws Exception {
        List<Task> hostile = List.of(
                new Task("r1", "http://www.example.com/a", "ATL56-C1.evil.example#", DIST, "http", "", Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", "127.0.0.1", "http", "", Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", "evil.example/x", "http", "", Long.MAX_VALUE),
                new Task("r1", "http://user:pw@www.example.com/a", "ATL56-C1", DIST, "http", "", Long.MAX_VALUE),
                new Task("r1", "file:///etc/passwd", "ATL56-C1", DIST, "http", "", Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "gopher", "", Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "gzip\r\nX-Injected: 1", Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "", Map.of("X-A", "1\r\nX-Injected: 1"), Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "", Map.of("X-A", "\u010d\u010aX-Injected: 1"), Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "", Map.of("Host", "169.254.169.254"), Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "", Map.of("Proxy-Authenticate", "Basic"), Long.MAX_VALUE),
                new Task("r1", "http://www.example.com/a", "ATL56-C1", DIST, "http", "", manyHeaders(HeaderRules.MAX_HEADERS + 1), Long.MAX_VALUE));
        for (Task task : hostile) {
            WarmResult r = client.warm(task).get(30, TimeUnit.SECONDS);
            assertEquals(Outcome.FAILURE, r.outcome(), task.toString());
            assertTrue(r.error().startsWith("task refused: "), r.error());
            assertEquals(0, r.attempts());
        }
        assertEquals(List.of(), edge.requests());
    }

    @Test
    void noTimerOfAFinishedTaskStaysQueued() throws Exception {
        edge.fault("/flaky", null, Fault.status(500)); // retried, but no overload: the PoP is not backed off
        List<CompletableFuture<WarmResult>> warming = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String path = i % 10 == 0 ? "/flaky" : "/t/" + i;
            warming.add(client.warm(new Task("r1", "http://www.example.com" + path, "ATL56-C1", DIST, "http", "gzip", Long.MAX_VALUE)));
        }
        for (CompletableFuture<WarmResult> w : warming) {
            assertEquals(w.get(30, TimeUnit.SECONDS).url().endsWith("/flaky") ? 3 : 1, w.get().attempts());
        }
        // each attempt's 300 s timeout timer is cancelled as the attempt ends, before its result is seen
        assertEquals(0, client.pendingTimers());
    }

    @Test
    void thePoolOpensAsManyConnectionsToOnePopAddressAsThePerPopLimitAndQueuesTheRest() throws Exception {
        edge.latency(Duration.ofMillis(200));
        WarmerConfig three = WarmerConfig.fromEnv(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()), "PREWARM_WARMER_MAX_PER_POP", "3"));
        try (EdgeClient pooled = new EdgeClient(three, resolver)) {
            List<CompletableFuture<WarmResult>> warming = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                warming.add(pooled.warm(new Task("r1", "http://www.example.com/p/" + i, "ATL56-C1", DIST, "http", "gzip", Long.MAX_VALUE)));
            }
            for (CompletableFuture<WarmResult> w : warming) {
                assertEquals(Outcome.SUCCESS, w.get(30, TimeUnit.SECONDS).outcome(), w.get().error());
            }
        }
        assertEquals(3, edge.peakConcurrency("ATL56-C1"), "one route (host, PoP address): the per-PoP limit of connections, the rest wait for one");
    }

    @Test
    void aPathWithCharactersBeyondAsciiIsSentPercentEncodedAsABrowserWould() throws Exception {
        WarmResult r = warm("http://www.example.com/caf\u00e9/\u010d\u010aX-Injected:1.jpg", "ATL56-C1");

        assertEquals(Outcome.SUCCESS, r.outcome(), r.error());
        Request seen = edge.requests().get(0);
        assertEquals("/caf%C3%A9/%C4%8D%C4%8AX-Injected:1.jpg", seen.pathAndQuery());
        assertTrue(seen.headers().keySet().stream().noneMatch(h -> h.startsWith("x-injected")), seen.headers().toString());
    }

    private static Map<String, String> manyHeaders(int n) {
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            headers.put("X-H" + i, "v");
        }
        return headers;
    }
}
