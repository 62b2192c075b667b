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
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
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

    /**
     * The routes serving health and metrics. {@code streams} names each Streams app this process runs
     * and how to read its state; an app that is not started yet reads as NOT_STARTED, so readiness can
     * be served before the apps exist (the HTTP port is bound before the status app starts).
     */
    List<Consumer<JavalinConfig>> routes(String bootstrapServers, Map<String, Supplier<Optional<KafkaStreams>>> streams) {
        KafkaReachability kafka = new KafkaReachability(bootstrapServers, KAFKA_TIMEOUT);
        toClose.push(kafka);
        Readiness readiness = new Readiness().add("kafka", HealthCheck.cached(kafka, KAFKA_CACHE, System::nanoTime));
        streams.forEach((name, app) -> readiness.add("streams." + name,
                HealthCheck.stateIs(() -> app.get().map(s -> s.state().name()).orElse("NOT_STARTED"), KafkaStreams.State.RUNNING.name())));
        return List.of(new HealthRoutes(readiness), new MetricsRoutes(metrics.registry()));
    }

    /** Records a started Streams app's meters. */
    void bind(KafkaStreams streams) {
        KafkaStreamsMetrics meters = new KafkaStreamsMetrics(streams);
        meters.bindTo(metrics.registry());
        toClose.push(meters);
    }

    /**
     * For a process without an HTTP role (warmer, expander) that was given {@code PREWARM_HTTP_PORT}:
     * a server of its own with only health and metrics, so every process can be probed and scraped.
     * Returns its port; it stops when this closes, after the roles.
     */
    int serveAlone(int port, String bootstrapServers, Map<String, Supplier<Optional<KafkaStreams>>> streams) {
        Javalin http = ApiServer.create(routes(bootstrapServers, streams)).start(port);
        toClose.push(http::stop);
        return http.port();
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
