package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification, rate caps and PoP back-off on a real broker against the edge simulator: what a job
 * reads on {@code prewarm.results} and what the edge saw.
 */
class PacingIT {
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "IAD89-P1", "SFO5-P1");
    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Map<TaskId, WarmResult> results = new ConcurrentHashMap<>();
    private final List<ResultBatch.PopBackoff> words = new CopyOnWriteArrayList<>();
    private KafkaConsumer<String, ResultBatch> reader;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        reader = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "pacing-reader", "auto.offset.reset",
                "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer());
        reader.subscribe(List.of(RESULTS.name()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        reader.close();
        kafka.close();
    }

    private EdgeSimulator edge(boolean cacheMode) {
        EdgeSimulator edge = EdgeSimulator.builder().cacheMode(cacheMode).bodyBytes(2048).start();
        open.add(edge);
        return edge;
    }

    private WarmerApp warmer(EdgeSimulator edge, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_HOSTS_FILE", edge.writeHostsFile(dir.resolve("hosts"), "d1", POPS).toString(),
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())));
        env.putAll(settings);
        WarmerApp warmer = WarmerApp.start(WarmerConfig.fromEnv(env), new SimpleMeterRegistry());
        open.add(warmer);
        return warmer;
    }

    /** Batches of {@code perBatch} URLs under {@code base}, each at every PoP, round-robin over the task partitions. */
    private void submit(String requestID, List<String> urls, int perBatch, Boolean verify, Integer maxRate) {
        try (KafkaProducer<String, TaskBatch> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                TASKS.keySerde().serializer(), TASKS.valueSerde().serializer())) {
            for (int u = 0, n = 0; u < urls.size(); u += perBatch, n++) {
                TaskBatch b = new TaskBatch(requestID, urls.subList(u, Math.min(urls.size(), u + perBatch)), POPS, List.of("gzip"), "d1", "http",
                        Map.of(), Long.MAX_VALUE, verify, maxRate);
                producer.send(new ProducerRecord<>(TASKS.name(), n % KafkaFixture.PARTITIONS, b.recordKey(), b));
            }
        }
    }

    private static List<String> urls(String base, int n) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            urls.add("http://www.example.com" + base + i);
        }
        return urls;
    }

    private void readUntil(Duration limit, java.util.concurrent.Callable<Boolean> done) {
        await().atMost(limit).until(() -> {
            reader.poll(Duration.ofMillis(100)).forEach(r -> {
                r.value().results().forEach(w -> results.putIfAbsent(w.taskId(), w));
                words.addAll(r.value().backoffs());
            });
            return done.call();
        });
    }

    private long count(Predicate<WarmResult> which) {
        return results.values().stream().filter(which).count();
    }

    @Test
    void aVerifiedJobSucceedsWhereThePopCachedAndNamesTheHeaderWhereItCouldNot() {
        EdgeSimulator edge = edge(true);
        warmer(edge, Map.of());
        List<String> urls = new ArrayList<>(urls("/v/", 5));
        urls.add("http://www.example.com/nocache/no-store/x.js");
        submit("verified", urls, 3, null, null);

        readUntil(Duration.ofSeconds(45), () -> results.size() == 24);
        assertEquals(20, count(w -> w.outcome() == Outcome.SUCCESS && w.verification() == WarmResult.Verification.VERIFIED));
        List<WarmResult> noStore = results.values().stream().filter(w -> w.url().contains("no-store")).toList();
        assertEquals(4, noStore.size());
        for (WarmResult w : noStore) {
            assertEquals(Outcome.FAILURE, w.outcome());
            assertEquals(WarmResult.Verification.NOT_CACHED, w.verification());
            assertEquals("not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store)", w.error());
        }
        assertEquals(48, edge.requests().size(), "two requests per task");
        assertEquals(5 * 4 + 2 * 4, edge.originRequests(), "each cacheable object once per PoP, the no-store one twice");
    }

    @Test
    void aJobsMaxRateHoldsAcrossTwoWarmersInEveryOneSecondWindow() throws Exception {
        EdgeSimulator edge = edge(false);
        warmEdge(edge);
        warmer(edge, Map.of());
        warmer(edge, Map.of());
        awaitTwoMembersWithPartitions();
        // no warm-up of the warmers: the capped job is their first, so its first requests meet cold clients (only the
        // simulator's own request path is warmed, by another client: a CDN edge is never cold)
        long started = System.nanoTime();
        submit("capped", urls("/r/", 48), 4, null, 50); // 12 batches, 3 per partition: 192 tasks, verified: 384 requests

        readUntil(Duration.ofSeconds(55), () -> results.size() == 192);
        double seconds = (System.nanoTime() - started) / 1e9;
        int busiest = edge.maxRequestsInAnyWindow(Duration.ofSeconds(1), r -> true);
        assertEquals(192, count(WarmResult::succeeded));
        assertEquals(384, edge.requests().size());
        // two warmers, each 25/s with a burst of max(1, 25 / 20) = 1.25: at most 52 in a second, one more for timing
        assertTrue(busiest <= 53, "busiest second at the edge: " + busiest + "; per second: " + perSecond(edge));
        assertTrue(seconds >= 7 && seconds <= 12, "384 requests at about 50/s: " + seconds + " s");
    }

    @Test
    void aBackedOffPopWaitsWhileTheOthersFinishThenRecoversAndItsJobHearsBoth() {
        EdgeSimulator edge = edge(false);
        edge.fault(EdgeSimulator.ANY_PATH, "ATL56-C1", Fault.retryAfter(503, Duration.ofSeconds(1)), 6);
        warmer(edge, Map.of("PREWARM_WARMER_MAX_PER_POP", "1", "PREWARM_WARM_ATTEMPTS", "10", "PREWARM_RETRY_BACKOFF_MS", "100"));
        submit("backoff", urls("/b/", 10), 5, false, null);

        readUntil(Duration.ofSeconds(45), () -> count(w -> !w.pop().equals("ATL56-C1")) == 30
                && words.stream().anyMatch(w -> w.open() && w.pop().equals("ATL56-C1")));
        assertTrue(count(w -> w.pop().equals("ATL56-C1")) < 10, "the other PoPs finished while ATL was backed off");

        readUntil(Duration.ofSeconds(45), () -> results.size() == 40 && words.stream().anyMatch(w -> !w.open()));
        assertEquals(40, count(WarmResult::succeeded), "ATL's tasks succeeded once it recovered");
        ResultBatch.PopBackoff opened = words.stream().filter(ResultBatch.PopBackoff::open).findFirst().orElseThrow();
        assertTrue(opened.reason().startsWith("HTTP 503 x3, Retry-After: 1"), opened.reason());
    }

    /**
     * A CDN's edge is never cold, but the simulator is: its arrival time is taken once Jetty began parsing, and in this
     * JVM its first requests' parsing lags by up to a few hundred ms, which would bunch them whatever the warmers did.
     * A few requests from the JDK's client (not the warmers') load that path first.
     */
    private static void warmEdge(EdgeSimulator edge) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + edge.httpPort() + "/warm/" + i)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        }
        edge.clearRequests();
    }

    private static Map<Long, Long> perSecond(EdgeSimulator edge) {
        long first = edge.requests().get(0).receivedAtNanos();
        return new java.util.TreeMap<>(edge.requests().stream().collect(java.util.stream.Collectors.groupingBy(
                r -> (r.receivedAtNanos() - first) / 1_000_000_000L, java.util.stream.Collectors.counting())));
    }

    /** Both warmers hold the partitions the group meant for them: no rebalance moves a share while the job runs. */
    private void awaitTwoMembersWithPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> { // not found until a warmer joined
                var group = admin.describeConsumerGroups(List.of("prewarm-warmer")).all().get().get("prewarm-warmer");
                return group.members().size() == 2 && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty()
                        && m.targetAssignment().map(t -> t.topicPartitions().equals(m.assignment().topicPartitions())).orElse(false));
            });
        }
    }
}
