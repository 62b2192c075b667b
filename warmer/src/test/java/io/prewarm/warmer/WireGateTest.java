package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.simulator.EdgeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire gate on a real client and edge: requests of a capped job that reach it together (as
 * they do when a cold client let them fall behind their start tokens) reach the edge at the rate.
 */
class WireGateTest {
    private static final String DIST = "d111111abcdef8";
    @TempDir
    Path dir;
    private final EdgeSimulator edge = EdgeSimulator.builder().start();
    private EdgeResolver resolver;
    private EdgeClient client;

    @AfterEach
    void tearDown() {
        client.close();
        resolver.close();
        edge.close();
    }

    @Test
    void requestsOfACappedJobSentTogetherReachTheEdgeAtItsRate() throws Exception {
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        resolver = new EdgeResolver(HostsFile.load(hosts), Optional.empty());
        WarmerConfig config = WarmerConfig.fromEnv(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()), "PREWARM_VERIFY", "false"));
        LocalJobs jobs = new LocalJobs(0);
        jobs.hold("capped", 10, List.of("ATL56-C1", "DFW55-C3")); // 10/s, a burst of 1
        client = new EdgeClient(config, resolver, jobs, new PopCircuits(config.popCircuits()), new WarmerMetrics(new SimpleMeterRegistry()));

        List<CompletableFuture<WarmResult>> warming = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            warming.add(client.warm(new Task("capped", "http://www.example.com/g/" + i, i % 2 == 0 ? "ATL56-C1" : "DFW55-C3", DIST, "http",
                    Task.DEFAULT_ACCEPT_ENCODING, Long.MAX_VALUE)));
        }
        for (CompletableFuture<WarmResult> w : warming) {
            assertTrue(w.get(30, TimeUnit.SECONDS).succeeded());
        }

        assertEquals(12, edge.requests().size());
        int busiest = edge.maxRequestsInAnyWindow(Duration.ofSeconds(1), r -> true);
        assertTrue(busiest <= 11, "at most 10/s plus a burst of 1 in any second, saw " + busiest);
        assertEquals(0, client.pendingTimers(), "no drain or cold hold left queued");
    }
}
