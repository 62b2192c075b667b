package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.contract.WarmResult.Verification;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification against the edge simulator's cache mode (each PoP a real cache in front of one
 * counted origin) and, for answers it does not play, a scripted PoP: a task succeeds only when a
 * second request to the same address is a hit, an uncacheable answer fails naming its header, and
 * the second request is conditional whenever the first answer had a validator.
 */
class EdgeClientVerifyTest {
    private static final String DIST = "d111111abcdef8";
    private static final String ATL = "ATL56-C1";
    @TempDir
    Path dir;
    private EdgeSimulator edge;
    private EdgeResolver resolver;
    private EdgeClient client;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        edge = EdgeSimulator.builder().cacheMode(true).bodyBytes(10_000).start();
        resolver = new EdgeResolver(HostsFile.load(edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of(ATL))), Optional.empty());
        client = client(resolver, edge.httpPort(), Map.of());
    }

    @AfterEach
    void tearDown() {
        client.close();
        resolver.close();
        edge.close();
    }

    private EdgeClient client(EdgeResolver resolver, int port, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(port), "PREWARM_RETRY_BACKOFF_MS", "10"));
        env.putAll(more);
        WarmerConfig config = WarmerConfig.fromEnv(env);
        return new EdgeClient(config, resolver, new LocalJobs(0), new PopCircuits(config.popCircuits()), new WarmerMetrics(registry));
    }

    private WarmResult warm(EdgeClient with, String path, Boolean verify) throws Exception {
        return with.warm(new Task("r1", "http://www.example.com" + path, ATL, DIST, "http", "gzip", Map.of(), Long.MAX_VALUE, verify, null))
                .get(30, TimeUnit.SECONDS);
    }

    private double counted(String name) {
        var c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aMissIsVerifiedByAConditionalSecondRequestThatHits() throws Exception {
        WarmResult r = warm(client, "/assets/app.js", null);

        assertEquals(Outcome.SUCCESS, r.outcome(), r.error());
        assertEquals(Verification.VERIFIED, r.verification());
        assertEquals("Miss from cloudfront", r.xCache());
        assertEquals(new WarmResult.Answer(304, "Hit from cloudfront", "0", ATL), r.verify());
        assertEquals(10_000, r.bytes(), "the warm request read the whole body");
        List<Request> seen = edge.requests();
        assertEquals(2, seen.size());
        assertNull(seen.get(0).headers().get("if-none-match"));
        assertTrue(seen.get(1).headers().get("if-none-match").startsWith("\""), "the first answer's ETag: " + seen.get(1).headers());
        assertEquals("gzip", seen.get(1).acceptEncoding(), "the same variant");
        assertEquals(1, edge.originRequests(), "the check was served by the PoP's cache");
        assertEquals(1, counted("prewarm.warm.verification.requests"));
    }

    @Test
    void anUncacheableAnswerFailsTheCheckNamingTheHeader() throws Exception {
        WarmResult noStore = warm(client, "/nocache/no-store/a.js", null);
        assertEquals(Outcome.FAILURE, noStore.outcome());
        assertEquals(Verification.NOT_CACHED, noStore.verification());
        assertEquals("not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store)", noStore.error());
        assertEquals(new Cacheability.Uncacheable("Cache-Control", "no-store"), noStore.uncacheable());
        assertEquals("Miss from cloudfront", noStore.verify().xCache());

        WarmResult cookie = warm(client, "/nocache/set-cookie/b.js", null);
        assertEquals("not cached after warming (X-Cache: Miss from cloudfront; Set-Cookie: session=...)", cookie.error());
        assertEquals(2, edge.originRequests("/nocache/no-store/a.js"), "both requests went to the origin");
    }

    @Test
    void withoutVerificationOneRequestIsSentAndAnUncacheableAnswerFailsAtOnce() throws Exception {
        WarmResult cacheable = warm(client, "/max-age/60/c.js", false);
        assertEquals(Outcome.SUCCESS, cacheable.outcome(), cacheable.error());
        assertNull(cacheable.verification());

        WarmResult noStore = warm(client, "/nocache/private/d.js", false);
        assertEquals(Outcome.FAILURE, noStore.outcome());
        assertEquals("not cacheable: Cache-Control: private", noStore.error());
        assertEquals("Cache-Control", noStore.uncacheable().header());
        assertNull(noStore.verification());
        assertNull(noStore.verify());
        assertEquals(2, edge.requests().size(), "one request per task");
        assertEquals(0, counted("prewarm.warm.verification.requests"));
    }

    @Test
    void aFirstAnswerThatIsAlreadyAHitIsItsOwnProof() throws Exception {
        warm(client, "/e.js", false);
        WarmResult again = warm(client, "/e.js", true);

        assertEquals(Outcome.SUCCESS, again.outcome());
        assertEquals(Verification.ALREADY_CACHED, again.verification());
        assertEquals("Hit from cloudfront", again.xCache());
        assertEquals("0", again.age());
        assertNull(again.verify());
        assertEquals(2, edge.requests().size(), "no second request for the hit");
    }

    @Test
    void withoutAnETagTheCheckAsksIfModifiedSinceAtTheSameAddress() throws Exception {
        String lastModified = "Wed, 01 Jan 2025 00:00:00 GMT";
        try (ScriptedEdge pop = new ScriptedEdge(n -> n == 1
                ? ScriptedEdge.answer(200, "X-Cache: Miss from cloudfront", "Last-Modified: " + lastModified, "x-amz-cf-pop: ATL56-C1")
                : ScriptedEdge.answer(304, "X-Cache: RefreshHit from cloudfront", "Age: 7"));
             EdgeResolver twoAddresses = new EdgeResolver(hosts("127.0.0.2", "127.0.0.3"), Optional.empty());
             EdgeClient scripted = client(twoAddresses, pop.port(), Map.of())) {
            WarmResult r = warm(scripted, "/f.js", null);

            assertEquals(Verification.VERIFIED, r.verification(), r.error());
            assertEquals(new WarmResult.Answer(304, "RefreshHit from cloudfront", "7", null), r.verify());
            assertEquals(lastModified, pop.seen().get(1).headers().get("If-Modified-Since"));
            assertNull(pop.seen().get(1).headers().get("If-None-Match"));
            assertEquals(pop.seen().get(0).arrivedAt(), pop.seen().get(1).arrivedAt(), "the same PoP address");
        }
    }

    @Test
    void aCheckThatGetsNoAnswerFailsAsCheckFailedAfterItsRetries() throws Exception {
        try (ScriptedEdge pop = new ScriptedEdge(n -> n == 1 ? ScriptedEdge.answer(200, "X-Cache: Miss from cloudfront") : null);
             EdgeResolver one = new EdgeResolver(hosts("127.0.0.2"), Optional.empty());
             EdgeClient scripted = client(one, pop.port(), Map.of("PREWARM_WARM_ATTEMPTS", "2"))) {
            WarmResult r = warm(scripted, "/g.js", null);

            assertEquals(Outcome.FAILURE, r.outcome());
            assertEquals(Verification.CHECK_FAILED, r.verification());
            assertTrue(r.error().startsWith("warmed (HTTP 200) but the check failed: "), r.error());
            assertEquals(200, r.httpStatus());
            assertNull(r.verify());
            assertEquals(1, r.attempts(), "the warm's own attempts");
            assertEquals(3, pop.seen().size(), "the warm, then the check and its retry");
            assertEquals(2, counted("prewarm.warm.verification.requests"));
        }
    }

    private HostsFile hosts(String... addresses) throws Exception {
        Path file = dir.resolve("scripted-hosts");
        StringBuilder lines = new StringBuilder();
        for (String a : addresses) {
            lines.append(a).append(' ').append(DIST).append('.').append(ATL).append(".cloudfront.net\n");
        }
        Files.writeString(file, lines);
        return HostsFile.load(file);
    }
}
