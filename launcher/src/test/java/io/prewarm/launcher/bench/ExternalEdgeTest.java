package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An edge outside the JVM, as edge.env describes it: PoP addresses, delay paths, the stub_status counter. */
class ExternalEdgeTest {
    @TempDir
    Path dir;

    private ExternalEdge edge(Map<String, String> extra, Runnable onClose) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "# a comment\n127.2.0.1 d111111abcdef8.BOM51-C1.cloudfront.net\n"
                + "127.2.0.2 d111111abcdef8.IAD89-P1.cloudfront.net\n");
        Map<String, String> env = new java.util.HashMap<>(Map.of("PREWARM_HOSTS_FILE", hosts.toString(),
                "PREWARM_EDGE_HTTP_PORT", "18080", "PREWARM_EDGE_HTTPS_PORT", "18443"));
        env.putAll(extra);
        return ExternalEdge.fromEnv(env, "nginx", onClose);
    }

    @Test
    void aPopIsReachedAtTheAddressTheHostsFileGivesIt() throws Exception {
        ExternalEdge edge = edge(Map.of(), () -> { });
        assertEquals(InetAddress.getByName("127.2.0.2"), edge.addressOf("IAD89-P1"));
        assertThrows(IllegalArgumentException.class, () -> edge.addressOf("SFO5-P1"));
        assertEquals(18443, edge.httpsPort());
        assertEquals("18080", edge.settings().get("PREWARM_EDGE_HTTP_PORT"));
    }

    @Test
    void aDelayIsAPathPrefixAndOnlyServedDelaysAreAccepted() throws Exception {
        ExternalEdge edge = edge(Map.of("PREWARM_BENCH_EDGE_DELAYS_MS", "0,2,20,100"), () -> { });
        assertEquals("/d20/http20-sys-1", edge.path(Duration.ofMillis(20), "http20-sys-1"));
        assertEquals("/d0/small-3", edge.path(Duration.ZERO, "small-3"));
        assertThrows(IllegalArgumentException.class, () -> edge.path(Duration.ofMillis(50), "x"));
    }

    @Test
    void withoutCounterOrPidFileTheEdgeTellsNothingRatherThanZero() throws Exception {
        ExternalEdge edge = edge(Map.of(), () -> { });
        assertFalse(edge.requests().isPresent());
        assertFalse(edge.cpuSeconds().isPresent());
    }

    @Test
    void missingSettingsNameWhatToSource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExternalEdge.fromEnv(Map.of(), "x", () -> { }));
        assertTrue(e.getMessage().contains("PREWARM_HOSTS_FILE") && e.getMessage().contains("edge.env"), e.getMessage());
    }

    @Test
    void closingRunsTheStopOnce() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        edge(Map.of(), stops::incrementAndGet).close();
        assertEquals(1, stops.get());
    }

    @Test
    void stubStatusRequestsIsTheThirdCounter() {
        String page = "Active connections: 291 \nserver accepts handled requests\n 16630948 16630948 31070465 \nReading: 6 Writing: 179 Waiting: 106 \n";
        assertEquals(31_070_465L, ExternalEdge.stubStatusRequests(page).getAsLong());
        assertFalse(ExternalEdge.stubStatusRequests("<html>not a status page</html>").isPresent());
    }

    @Test
    void theEdgesOwnCounterReadsAreLeftOutOfItsRequestsAndTheOriginIsCountedApart() throws Exception {
        AtomicInteger edgeRequests = new AtomicInteger(1_000);
        AtomicInteger originRequests = new AtomicInteger(50);
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (var counter : Map.of("/edge", edgeRequests, "/origin", originRequests).entrySet()) {
            stub.createContext(counter.getKey(), exchange -> {
                // as nginx's stub_status does, the page counts the request that reads it
                byte[] page = ("Active connections: 1 \nserver accepts handled requests\n 1 1 " + counter.getValue().incrementAndGet()
                        + " \nReading: 0 Writing: 1 Waiting: 0 \n").getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
        }
        stub.start();
        try {
            String base = "http://127.0.0.1:" + stub.getAddress().getPort();
            ExternalEdge edge = edge(Map.of("PREWARM_BENCH_EDGE_STATUS", base + "/edge", "PREWARM_BENCH_ORIGIN_STATUS", base + "/origin"), () -> { });
            long edgeBefore = edge.requests().getAsLong();
            long originBefore = edge.originRequests().getAsLong();
            edgeRequests.addAndGet(68);
            originRequests.addAndGet(34);
            edge.requests();
            assertEquals(68, edge.requests().getAsLong() - edgeBefore, "two reads in between do not count");
            assertEquals(34, edge.originRequests().getAsLong() - originBefore);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void edgeEnvFilesAreReadAsTheShellWouldSourceThem() throws Exception {
        Path env = Files.write(dir.resolve("edge.env"), List.of("# settings", "PREWARM_EDGE_HTTP_PORT=18080", "",
                "PREWARM_BENCH_EDGE_DESCRIPTION=\"nginx 1.22.1, worker_processes 1\""));
        Map<String, String> read = NginxEdge.readEnvFile(env);
        assertEquals("18080", read.get("PREWARM_EDGE_HTTP_PORT"));
        assertEquals("nginx 1.22.1, worker_processes 1", read.get("PREWARM_BENCH_EDGE_DESCRIPTION"));
        assertEquals(2, read.size());
    }
}
