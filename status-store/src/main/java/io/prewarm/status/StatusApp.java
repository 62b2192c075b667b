package io.prewarm.status;

import io.javalin.config.JavalinConfig;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.StreamsRunner;
import io.prewarm.status.fold.StatusTopology;
import io.prewarm.status.http.JobsRoutes;
import io.prewarm.status.http.PeerClient;
import io.prewarm.status.http.StatusRoutes;
import io.prewarm.status.query.RecentJobs;
import io.prewarm.status.query.StatusQueries;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The status role, the one way to run it (launcher and tests alike). Its Streams app must
 * advertise the port its routes are served on, so the caller binds its HTTP server first (port 0
 * is fine), serving {@link #routes()} (503 "starting" until then), and then calls
 * {@link #start(int)} with the port it got: no free-port guess, no race.
 */
public final class StatusApp implements AutoCloseable {
    private record Running(StreamsRunner runner, StatusQueries queries, RecentJobs recent) {
    }

    private final StatusConfig config;
    private final List<Consumer<JavalinConfig>> routes;
    private volatile Running running;

    private StatusApp(StatusConfig config) {
        this.config = config;
        PeerClient peers = new PeerClient();
        this.routes = List.of(
                new StatusRoutes(() -> running().map(Running::queries), config.showSuccessUrls(), Clock.systemUTC(), peers),
                new JobsRoutes(() -> running().map(Running::recent), peers));
    }

    /** The role, not yet connected to anything. */
    public static StatusApp create(StatusConfig config) {
        return new StatusApp(config);
    }

    /** {@code /status}, {@code /report}, {@code /jobs} and their {@code /internal/*} twins. */
    public List<Consumer<JavalinConfig>> routes() {
        return routes;
    }

    /** Starts the Streams app, advertising {@code advertisedHost:httpPort}, the port the routes are served on. */
    public synchronized void start(int httpPort) {
        if (running != null) {
            throw new IllegalStateException("the status store is started already");
        }
        HostInfo self = new HostInfo(config.advertisedHost(), httpPort);
        StreamsRunner runner = StreamsRunner.start("status", StatusTopology.build(config.topology()), streamsProperties(config, httpPort));
        running = new Running(runner, new StatusQueries(runner.streams(), self, config.commitInterval()),
                new RecentJobs(runner.streams(), self, Clock.systemUTC()));
    }

    /** The Streams app, once started. */
    public Optional<KafkaStreams> streams() {
        return running().map(r -> r.runner().streams());
    }

    /** Closes the Streams app (leaving the group); the caller stops its HTTP server. */
    @Override
    public synchronized void close() {
        running().ifPresent(r -> r.runner().close());
    }

    private Optional<Running> running() {
        return Optional.ofNullable(running);
    }

    static Properties streamsProperties(StatusConfig config, int httpPort) {
        Properties props = new Properties();
        props.putAll(KafkaSettings.streams(StatusConfig.APPLICATION_ID, config.bootstrapServers(), config.stateDir().toString()));
        props.put("application.server", config.advertisedHost() + ":" + httpPort);
        props.put("commit.interval.ms", config.commitInterval().toMillis());
        return props;
    }
}
