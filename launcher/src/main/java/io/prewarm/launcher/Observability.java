package io.prewarm.launcher;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.prewarm.web.ApiServer;
import io.prewarm.web.HealthCheck;
import io.prewarm.web.HealthRoutes;
import io.prewarm.web.KafkaReachability;
import io.prewarm.web.MetricsRoutes;
import io.prewarm.web.ProcessMetrics;
import io.prewarm.web.Readiness;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health and metrics of one process: the meter registry every role records into (created first, so
 * the warmer can be given it), and, once the roles run, the Streams apps' meters and the
 * {@code /health/*} and {@code /metrics} routes. Ready means Kafka answers a describeCluster within
 * {@link #KAFKA_TIMEOUT} (asked at most every {@link #KAFKA_CACHE}) and every Streams app is RUNNING.
 */
final class Observability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Observability.class);
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(2);
    static final Duration KAFKA_CACHE = Duration.ofSeconds(2);

    private final ProcessMetrics metrics = new ProcessMetrics();
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    MeterRegistry registry() {
        return metrics.registry();
    }

    /** Binds the Streams apps' meters and returns the routes serving health and metrics. */
    List<Consumer<JavalinConfig>> routes(String bootstrapServers, List<KafkaStreams> streams) {
        KafkaReachability kafka = new KafkaReachability(bootstrapServers, KAFKA_TIMEOUT);
        toClose.push(kafka);
        Readiness readiness = new Readiness().add("kafka", HealthCheck.cached(kafka, KAFKA_CACHE, System::nanoTime));
        for (KafkaStreams s : streams) {
            KafkaStreamsMetrics meters = new KafkaStreamsMetrics(s);
            meters.bindTo(metrics.registry());
            toClose.push(meters);
            readiness.add("streams." + name(s), HealthCheck.stateIs(s::state, KafkaStreams.State.RUNNING.name()));
        }
        return List.of(new HealthRoutes(readiness), new MetricsRoutes(metrics.registry()));
    }

    /**
     * For a process without an HTTP role (warmer, expander) that was given {@code PREWARM_HTTP_PORT}:
     * a server of its own with only health and metrics, so every process can be probed and scraped.
     * Returns its port; it stops when this closes, after the roles.
     */
    int serveAlone(int port, String bootstrapServers, List<KafkaStreams> streams) {
        Javalin http = ApiServer.create(routes(bootstrapServers, streams)).start(port);
        toClose.push(http::stop);
        return http.port();
    }

    /** The app's application.id without the common "prewarm-" prefix: "status", "expander". */
    static String name(KafkaStreams s) {
        return s.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-metrics") && e.getKey().name().equals("application-id"))
                .map(e -> String.valueOf(e.getValue().metricValue()).replaceFirst("^prewarm-", ""))
                .findFirst().orElseGet(() -> "app-" + Integer.toHexString(System.identityHashCode(s)));
    }

    @Override
    public void close() {
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                LOG.warn("error while closing health and metrics: {}", e.toString());
            }
        }
        metrics.close();
    }
}
