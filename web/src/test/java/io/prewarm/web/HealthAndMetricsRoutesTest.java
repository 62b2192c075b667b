package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.prewarm.contract.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HealthRoutes and MetricsRoutes on a real server (port 0) behind AccessControl with API keys on:
 * the probes and the scrape stay open, readiness answers 200 or 503 with what it found, and the
 * scrape is the Prometheus text format with the process's meters.
 */
class HealthAndMetricsRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicReference<String> streams = new AtomicReference<>("RUNNING");
    private final AtomicReference<HealthCheck.Result> kafka = new AtomicReference<>(HealthCheck.Result.up("UP (1 broker)"));
    private ProcessMetrics metrics;
    private Javalin app;

    @BeforeEach
    void start() {
        metrics = new ProcessMetrics();
        Readiness readiness = new Readiness().add("kafka", kafka::get).add("streams.status", HealthCheck.stateIs(streams::get, "RUNNING"));
        app = ApiServer.create(List.of(new AccessControl(AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", "s3cret-key-1"))),
                new HealthRoutes(readiness), new MetricsRoutes(metrics.registry()),
                config -> config.routes.get("/status", ctx -> ctx.result("ok")))).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveIsUpWithoutAKey() throws Exception {
        HttpResponse<String> r = get("/health/live");
        assertEquals(200, r.statusCode());
        assertEquals("UP", Json.MAPPER.readTree(r.body()).path("status").asText());
    }

    @Test
    void readyIs200WhenEveryCheckPasses() throws Exception {
        HttpResponse<String> r = get("/health/ready");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"status\":\"UP\",\"checks\":{\"kafka\":\"UP (1 broker)\",\"streams.status\":\"RUNNING\"}}", r.body());
    }

    @Test
    void readyIs503NamingTheFailedChecks() throws Exception {
        kafka.set(HealthCheck.Result.down("unreachable: no answer within 2000 ms"));
        streams.set("REBALANCING");
        HttpResponse<String> r = get("/health/ready");
        assertEquals(503, r.statusCode());
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertEquals("DOWN", body.path("status").asText());
        assertEquals("unreachable: no answer within 2000 ms", body.path("checks").path("kafka").asText());
        assertEquals("REBALANCING", body.path("checks").path("streams.status").asText());
    }

    @Test
    void metricsAreOpenInTheTextFormatWithJvmAndRecordedMeters() throws Exception {
        Counter.builder("prewarm.warm.requests").tag("outcome", "SUCCESS").tag("pop", "ATL56-C1").register(metrics.registry()).increment(3);
        assertEquals(403, get("/status").statusCode(), "the API itself still needs its key");

        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        assertTrue(r.body().contains("prewarm_warm_requests_total{outcome=\"SUCCESS\",pop=\"ATL56-C1\"} 3.0"), r.body());
        for (String family : List.of("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds")) {
            assertTrue(r.body().contains(family), family);
        }
    }

    @Test
    void kafkaTopicMetricsAppearOnceNotAlsoUnderTheUnderscoreName() throws Exception {
        for (String topic : List.of("prewarm.tasks", "prewarm_tasks")) {
            Gauge.builder("kafka.consumer.fetch.manager.records.lag", () -> 7).tag("topic", topic).tag("partition", "0").register(metrics.registry());
        }
        String scrape = get("/metrics").body();
        assertTrue(scrape.contains("kafka_consumer_fetch_manager_records_lag{partition=\"0\",topic=\"prewarm.tasks\"} 7"), scrape);
        assertTrue(scrape.lines().noneMatch(l -> l.contains("prewarm_tasks")), scrape);
    }

    @Test
    void answeredRequestsAreTimedByRoutePatternAndStatus() throws Exception {
        get("/status");
        get("/health/live");
        get("/health/live");
        get("/no/such/thing/42");
        String scrape = get("/metrics").body();
        assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"} 2"), scrape);
        assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",route=\"none\",status=\"403\"} 1"), "refused by access control: " + scrape);
        assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",route=\"none\",status=\"404\"} 1"), scrape);
        assertTrue(scrape.lines().noneMatch(l -> l.contains("/no/such/thing")), "unmatched paths do not become series");
    }
}
