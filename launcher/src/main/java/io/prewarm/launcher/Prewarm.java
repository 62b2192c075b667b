package io.prewarm.launcher;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.TopicBootstrap;
import io.prewarm.expander.ExpanderApp;
import io.prewarm.expander.ExpanderConfig;
import io.prewarm.ingest.IngestConfig;
import io.prewarm.ingest.IngestRoutes;
import io.prewarm.ingest.RequestPublisher;
import io.prewarm.kafka.EmbeddedKafkaBroker;
import io.prewarm.launcher.LauncherConfig.Role;
import io.prewarm.status.JobsRoutes;
import io.prewarm.status.RecentJobs;
import io.prewarm.status.StatusApp;
import io.prewarm.status.StatusConfig;
import io.prewarm.status.StatusQueries;
import io.prewarm.status.StatusRoutes;
import io.prewarm.warmer.WarmerApp;
import io.prewarm.warmer.WarmerConfig;
import io.prewarm.web.AccessConfig;
import io.prewarm.web.AccessControl;
import io.prewarm.web.ApiServer;
import io.prewarm.web.DashboardRoutes;
import io.prewarm.web.DocsRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the system: the roles named in {@code PREWARM_ROLES} (all four by default), an
 * embedded broker when no cluster is given, and one HTTP port serving both endpoints. Everything
 * started is closed in reverse order.
 */
public final class Prewarm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prewarm.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private int httpPort = -1;
    private boolean closedCleanly = true;

    private Prewarm() {
    }

    public static Prewarm start(Map<String, String> environment) {
        Prewarm p = new Prewarm();
        try {
            p.startAll(environment);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Map<String, String> environment) {
        LauncherConfig config = LauncherConfig.fromEnv(environment);
        Map<String, String> env = new HashMap<>(environment);
        if (config.embeddedKafka()) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), config.kafkaPort());
            started.push(broker);
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        }
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        TopicBootstrap.ensureTopics(bootstrap, config.topicPartitions(), config.topicReplication());

        List<Consumer<JavalinConfig>> routes = new ArrayList<>();
        List<KafkaStreams> streams = new ArrayList<>();
        Observability observability = new Observability();
        started.push(observability);
        int port = config.servesHttp() ? (config.httpPort() == 0 ? freePort() : config.httpPort()) : -1;
        if (config.roles().contains(Role.INGEST)) {
            IngestConfig ingest = IngestConfig.fromEnv(env);
            RequestPublisher publisher = new RequestPublisher(bootstrap);
            started.push(publisher);
            routes.add(new IngestRoutes(new RequestValidator(PopCatalog.load(ingest.popCatalog()), ingest.maxUrls()), publisher));
        }
        if (config.roles().contains(Role.STATUS)) {
            StatusConfig status = StatusConfig.fromEnv(env);
            KafkaStreams s = StatusApp.create(status, port);
            streams.add(s);
            routes.add(new StatusRoutes(new StatusQueries(s, new HostInfo(status.advertisedHost(), port)), status.showSuccessUrls(), Clock.systemUTC()));
            routes.add(new JobsRoutes(new RecentJobs(s, new HostInfo(status.advertisedHost(), port), Clock.systemUTC())));
        }
        if (config.roles().contains(Role.EXPANDER)) {
            streams.add(ExpanderApp.create(ExpanderConfig.fromEnv(env)));
        }
        for (KafkaStreams s : streams) {
            // A thread that dies of something unexpected (a broker away longer than task.timeout.ms,
            // say) is replaced instead of taking the whole client down with it.
            s.setUncaughtExceptionHandler(e -> {
                LOG.error("stream thread failed, replacing it: {}", e.toString(), e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            // Leave the group on close, so a restarted or replacement instance gets the partitions at
            // once instead of after the session timeout.
            started.push(() -> s.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30))));
            s.start();
        }
        // Pushed after the streams, so it is closed before them: on shutdown the warmer stops taking
        // tasks and finishes the started ones while everything else still runs.
        if (config.roles().contains(Role.WARMER)) {
            started.push(new WarmerApp(WarmerConfig.fromEnv(env), observability.registry()).start());
        }
        if (port >= 0) {
            routes.add(new DocsRoutes());
            routes.addAll(observability.routes(bootstrap, streams));
            routes.add(new DashboardRoutes());
            routes.add(0, new AccessControl(AccessConfig.fromEnv(env)));
            Javalin http = ApiServer.create(routes).start(port);
            started.push(http::stop);
            httpPort = http.port();
        }
        if (port < 0 && environment.containsKey("PREWARM_HTTP_PORT")) {
            httpPort = observability.serveAlone(config.httpPort(), bootstrap, streams);
        }
        LOG.info("prewarm running: roles {}, Kafka {}{}", config.roles(), bootstrap,
                httpPort > 0 ? ", HTTP on port " + httpPort : "");
    }

    /**
     * The HTTP port, or -1 when this process serves no HTTP (a process without an HTTP role serves
     * only health and metrics, and only when PREWARM_HTTP_PORT is given).
     */
    public int httpPort() {
        return httpPort;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                closedCleanly = false;
                LOG.warn("error while stopping: {}", e.toString());
            }
        }
    }

    /** Whether everything closed without an error (after {@link #close()}). */
    public boolean closedCleanly() {
        return closedCleanly;
    }
}
