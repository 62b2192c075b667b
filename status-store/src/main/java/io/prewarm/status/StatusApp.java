package io.prewarm.status;

import io.javalin.config.JavalinConfig;
import io.prewarm.status.http.JobControlRoutes;
import io.prewarm.status.http.JobsRoutes;
import io.prewarm.status.http.PeerClient;
import io.prewarm.status.http.StatusRoutes;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The status role, the one way to run it (launcher and tests alike). Its Streams app must
 * advertise the port its routes are served on, so the caller binds its HTTP server first (port 0
 * is fine), serving {@link #routes()} (503 "starting" until then), and then calls
 * {@link #start(int)} with the port it got: no free-port guess, no race.
 */
public final class StatusApp implements AutoCloseable {
    private final StatusConfig config;
    private final List<Consumer<JavalinConfig>> routes;
    private volatile StatusRuntime running;

    private StatusApp(StatusConfig config) {
        this.config = config;
        PeerClient peers = new PeerClient();
        Clock clock = Clock.systemUTC();
        this.routes = List.of(
                new StatusRoutes(() -> running().map(StatusRuntime::queries), config.showSuccessUrls(), clock, peers),
                new JobControlRoutes(() -> running().map(StatusRuntime::queries), () -> running().map(StatusRuntime::publisher),
                        config.showSuccessUrls(), clock, peers),
                new JobsRoutes(() -> running().map(StatusRuntime::recent), peers));
    }

    /** The role, not yet connected to anything. */
    public static StatusApp create(StatusConfig config) {
        return new StatusApp(config);
    }

    /** {@code /status}, {@code /report}, {@code DELETE /prewarm}, {@code /prewarm/retry}, {@code /jobs} and their {@code /internal/*} twins. */
    public List<Consumer<JavalinConfig>> routes() {
        return routes;
    }

    /** Starts the Streams app, advertising {@code advertisedHost:httpPort}, the port the routes are served on. */
    public synchronized void start(int httpPort) {
        if (running != null) {
            throw new IllegalStateException("the status store is started already");
        }
        running = StatusRuntime.start(config, httpPort);
    }

    /** The Streams app, once started. */
    public Optional<KafkaStreams> streams() {
        return running().map(r -> r.runner().streams());
    }

    /** Closes the Streams app (leaving the group) and the clients it started; the caller stops its HTTP server. */
    @Override
    public synchronized void close() {
        running().ifPresent(StatusRuntime::close);
    }

    private Optional<StatusRuntime> running() {
        return Optional.ofNullable(running);
    }

    static Properties streamsProperties(StatusConfig config, int httpPort) {
        return StatusRuntime.streamsProperties(config, httpPort);
    }
}
