package io.prewarm.warmer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retry that meets a half-open circuit (another task is the probe, its lease 35 s) waits for the
 * circuit, not for the lease: once the probe's answer closes the circuit the retry goes within
 * about a second (the end-to-end BackoffIT saw it wait out the whole lease).
 */
class EdgeClientCircuitTest {
    private static final String DIST = "d111111abcdef8";
    private static final String ATL = "ATL56-C1";
    @TempDir
    Path dir;

    @Test
    void aRetryHeldByAHalfOpenCircuitGoesWithinASecondOfTheCircuitClosing() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        AtomicLong secondArrived = new AtomicLong();
        InstantSource clock = () -> {
            asked.incrementAndGet();
            return java.time.Instant.ofEpochMilli(System.currentTimeMillis());
        };
        PopCircuits circuits = new PopCircuits(new PopCircuits.Settings(1, Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofSeconds(35),
                "w1"), clock, () -> 1.0);
        // the first request gets no answer within the read timeout (which tells the circuit nothing); the retry is answered
        try (ScriptedEdge pop = new ScriptedEdge(n -> {
            if (n == 1) {
                return ScriptedEdge.NO_ANSWER; // until the read timeout, which the I/O reactor checks about once a second, gives up
            }
            secondArrived.compareAndSet(0, System.nanoTime());
            return ScriptedEdge.answer(200, "X-Cache: Hit from cloudfront");
        })) {
            WarmerConfig config = WarmerConfig.fromEnv(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(pop.port()),
                    "PREWARM_RETRY_BACKOFF_MS", "10", "PREWARM_READ_TIMEOUT_MS", "200"));
            try (EdgeResolver resolver = new EdgeResolver(hosts(), Optional.empty());
                 EdgeClient client = new EdgeClient(config, resolver, new LocalJobs(0), circuits, new WarmerMetrics(new SimpleMeterRegistry()))) {
                circuits.overloaded(ATL, "HTTP 503", "0");
                assertInstanceOf(PopCircuits.Probe.class, circuits.gate(ATL));
                circuits.probing(ATL); // another task is the probe: the next one waits up to its 35 s lease
                asked.set(0);

                CompletableFuture<WarmResult> warm = client.warm(new Task("r1", "http://www.example.com/a", ATL, DIST, "http", "gzip",
                        Map.of(), Long.MAX_VALUE, false, null));
                await().atMost(Duration.ofSeconds(4)).until(() -> asked.get() > 0); // the retry asked the circuit and is held
                assertEquals(1, pop.seen().size());
                long closed = System.nanoTime();
                circuits.answered(ATL, "HTTP 200"); // the probe's answer

                WarmResult result = warm.get(5, TimeUnit.SECONDS);
                assertEquals(Outcome.SUCCESS, result.outcome(), result.error());
                assertEquals(2, result.attempts());
                long waited = TimeUnit.NANOSECONDS.toMillis(secondArrived.get() - closed);
                assertTrue(waited < 1_500, "the retry went " + waited + " ms after the circuit closed");
            }
        }
    }

    private HostsFile hosts() throws Exception {
        Path file = dir.resolve("hosts");
        Files.writeString(file, "127.0.0.1 " + DIST + "." + ATL + ".cloudfront.net\n");
        return HostsFile.load(file);
    }
}
