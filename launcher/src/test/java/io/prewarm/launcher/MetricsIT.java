package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.kafka.EmbeddedKafkaBroker;
import io.prewarm.kafka.Ports;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Health and metrics of the whole system on a real broker: after a job of 6 URLs x 2 PoPs with one
 * 404, a scrape of {@code /metrics} counts exactly the job's outcomes by PoP and times every sent
 * request, next to the JVM's, the Kafka clients' and the Streams apps' meters; the probes answer
 * without a key, and readiness turns 503 naming Kafka when the broker goes away.
 */
class MetricsIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Path hosts;
    private static Prewarm prewarm;
    private static Api api;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().start();
        edge.fault("/m/3", "DFW55-C3", Fault.status(404));
        hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        prewarm = Prewarm.start(env(kafka.bootstrapServers(), "data"));
        api = new Api(prewarm.httpPort());
    }

    @AfterAll
    static void stop() throws Exception {
        prewarm.close();
        edge.close();
        kafka.close();
    }

    private static Map<String, String> env(String bootstrap, String dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("PREWARM_DATA_DIR", dir.resolve(dataDir).toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_TOPIC_PARTITIONS", "2");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_API_KEYS", "metrics-it-key-1");
        return env;
    }

    private static String job(String prefix, int urls) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"http://www.example.com/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        return "{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}";
    }

    /** The value of the one sample named exactly {@code series} (name and labels), or 0 when absent. */
    private static double sample(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElse(0);
    }

    private static double sum(String scrape, String name) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long families(String scrape, String prefix) {
        return scrape.lines().filter(l -> l.startsWith("# TYPE " + prefix)).count();
    }

    private static void awaitReady(Api probe) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> probe.get("/health/ready").status() == 200);
    }

    @Test
    void afterAJobTheWarmCountersAreExactlyItsOutcomes() {
        Api withKey = new Api(prewarm.httpPort(), Map.of("x-api-key", "metrics-it-key-1"));
        Api.Reply accepted = withKey.submit(job("m", 6));
        assertEquals(200, accepted.status(), accepted.raw().body());
        String id = accepted.text("requestID");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> withKey.status(id).text("status").equals("FAILED"));
        JsonNode status = withKey.status(id).body();
        assertEquals(6, status.path("completed").asInt());
        assertEquals("[\"http://www.example.com/m/3\"]", status.path("failedUrl").toString());

        HttpResponse<String> metrics = api.getText("/metrics");
        assertEquals(200, metrics.statusCode(), "open without the API key");
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        String scrape = metrics.body();
        System.out.printf("scrape after the job: %d bytes, %d samples, %d families (%d kafka_stream_*, %d kafka_consumer_*, %d kafka_producer_*)%n",
                scrape.length(), scrape.lines().filter(l -> !l.startsWith("#")).count(), families(scrape, ""), families(scrape, "kafka_stream_"),
                families(scrape, "kafka_consumer_"), families(scrape, "kafka_producer_"));
        assertEquals(6, sample(scrape, "prewarm_warm_requests_total{outcome=\"SUCCESS\",pop=\"ATL56-C1\"}"), scrape);
        assertEquals(5, sample(scrape, "prewarm_warm_requests_total{outcome=\"SUCCESS\",pop=\"DFW55-C3\"}"));
        assertEquals(1, sample(scrape, "prewarm_warm_requests_total{outcome=\"FAILURE\",pop=\"DFW55-C3\"}"));
        assertEquals(12, sum(scrape, "prewarm_warm_requests_total"), "no other series: nothing at ATL56-C1 failed, nothing skipped");
        assertEquals(11, sample(scrape, "prewarm_warm_duration_seconds_count{outcome=\"SUCCESS\"}"));
        assertEquals(1, sample(scrape, "prewarm_warm_duration_seconds_count{outcome=\"FAILURE\"}"));
        assertEquals(12, sum(scrape, "prewarm_warm_duration_seconds_count"));
        assertEquals(11, sample(scrape, "prewarm_warm_duration_seconds_bucket{outcome=\"SUCCESS\",le=\"+Inf\"}"), "a histogram, with buckets");
        assertTrue(scrape.lines().filter(l -> l.startsWith("prewarm_warm_duration_seconds_bucket{outcome=\"SUCCESS\"")).count() > 20);
        assertEquals(0, sample(scrape, "prewarm_warm_in_flight"), "nothing left in flight");
        assertTrue(scrape.contains("\nprewarm_warm_in_flight "), "the in-flight gauge is there");
        for (String family : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds",
                "kafka_consumer_fetch_manager_records_lag_max", "kafka_producer_record_send_total", "kafka_stream_", "http_server_requests_seconds_count")) {
            assertTrue(scrape.contains("\n" + family), family + " missing from the scrape");
        }
        assertTrue(scrape.lines().noneMatch(l -> l.contains("topic=\"prewarm_")), "per-topic Kafka meters only under the topic's real name");
    }

    @Test
    void probesAnswerWithoutAKeyAndReadyOnceEverythingRuns() {
        Api.Reply live = api.get("/health/live");
        assertEquals(200, live.status());
        assertEquals("UP", live.text("status"));
        awaitReady(api);

        JsonNode ready = api.get("/health/ready").body();
        assertEquals("UP", ready.path("status").asText());
        assertTrue(ready.path("checks").path("kafka").asText().startsWith("UP"), ready.toString());
        assertEquals("RUNNING", ready.path("checks").path("streams.status").asText(), ready.toString());
        assertEquals("RUNNING", ready.path("checks").path("streams.expander").asText(), ready.toString());
    }

    @Test
    void aWarmerOnlyProcessGivenAPortServesOnlyHealthAndMetrics() {
        Map<String, String> env = env(kafka.bootstrapServers(), "lone-warmer");
        env.put("PREWARM_ROLES", "warmer");
        env.put("PREWARM_WARMER_GROUP", "metrics-it-lone-warmer"); // not the main process's group: its counts stay exact
        try (Prewarm warmer = Prewarm.start(env)) {
            Api probe = new Api(warmer.httpPort());
            awaitReady(probe);
            JsonNode checks = probe.get("/health/ready").body().path("checks");
            assertEquals(1, checks.size(), "a warmer has no Streams app to wait for: " + checks);
            assertTrue(checks.path("kafka").asText().startsWith("UP"), checks.toString());
            HttpResponse<String> metrics = probe.getText("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("\nprewarm_warm_in_flight "), "the warmer's own meters");
            assertTrue(metrics.body().contains("\nkafka_consumer_fetch_manager_records_lag_max"), "its consumer's lag");
            assertEquals(404, probe.get("/status?requestID=x").status(), "no API served");
        }
        Map<String, String> noPort = env(kafka.bootstrapServers(), "lone-warmer-2");
        noPort.remove("PREWARM_HTTP_PORT");
        noPort.put("PREWARM_ROLES", "warmer");
        noPort.put("PREWARM_WARMER_GROUP", "metrics-it-lone-warmer");
        try (Prewarm warmer = Prewarm.start(noPort)) {
            assertEquals(-1, warmer.httpPort(), "without PREWARM_HTTP_PORT a warmer serves no HTTP, as before");
        }
    }

    @Test
    void readinessTurns503NamingKafkaWhileTheBrokerIsGoneAndComesBack() {
        int kafkaPort = Ports.free();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("own-kafka"), kafkaPort);
        try (Prewarm own = Prewarm.start(env(broker.bootstrapServers(), "own-data"))) {
            Api probe = new Api(own.httpPort());
            awaitReady(probe);

            broker.close();
            long closed = System.nanoTime();
            Api.Reply[] down = new Api.Reply[1];
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> (down[0] = probe.get("/health/ready")).status() == 503);
            System.out.printf("broker closed: /health/ready answered 503 after %d ms%n", Duration.ofNanos(System.nanoTime() - closed).toMillis());
            assertEquals("DOWN", down[0].text("status"));
            assertTrue(down[0].body().path("checks").path("kafka").asText().startsWith("unreachable"), down[0].raw().body());
            long started = System.nanoTime();
            assertEquals(503, probe.get("/health/ready").status());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 5_000, "a probe does not hang while the broker is gone");
            assertEquals(200, probe.get("/health/live").status(), "alive all the same");

            broker = EmbeddedKafkaBroker.start(dir.resolve("own-kafka"), kafkaPort);
            long restarted = System.nanoTime();
            awaitReady(probe);
            System.out.printf("broker back: /health/ready answered 200 after %d ms%n", Duration.ofNanos(System.nanoTime() - restarted).toMillis());
        } finally {
            broker.close();
        }
    }
}
