package io.prewarm.launcher;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.prewarm.contract.TopicBootstrap;
import io.prewarm.expander.ExpanderApp;
import io.prewarm.expander.ExpanderConfig;
import io.prewarm.ingest.IngestApp;
import io.prewarm.ingest.IngestConfig;
import io.prewarm.kafka.EmbeddedKafkaBroker;
import io.prewarm.launcher.LauncherConfig.Role;
import io.prewarm.status.StatusApp;
import io.prewarm.status.StatusConfig;
import io.prewarm.warmer.WarmerApp;
import io.prewarm.warmer.WarmerConfig;
import io.prewarm.web.AccessConfig;
import io.prewarm.web.AccessControl;
import io.prewarm.web.ApiServer;
import io.prewarm.web.DashboardRoutes;
import io.prewarm.web.DocsRoutes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of the system: the roles named in {@code PREWARM_ROLES} (all four by default), an
 * embedded broker when no cluster is given, and one HTTP port serving every role's endpoints. Each
 * role is started by its own module's {@code *App}; this class only composes them. The HTTP port is
 * bound before the status role starts, so the address it advertises to its peers is the one it
 * serves. Closing stops HTTP first, then the warmer (it finishes the tasks it started while the rest
 * still runs), then the other roles and the broker, in reverse order of start.
 */
public final class Prewarm implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Prewarm.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private Javalin http;
    private int httpPort = -1;
    private String bootstrapServers;
    private boolean closedCleanly = true;

    private Prewarm() {
    }

    public static Prewarm start(Map<String, String> environment) {
        Prewarm p = new Prewarm();
        try {
            p.startAll(LauncherConfig.fromEnv(environment), new HashMap<>(environment));
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(LauncherConfig config, Map<String, String> env) {
        if (config.embeddedKafka()) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", push(EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), config.kafkaPort())).bootstrapServers());
        }
        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        bootstrapServers = bootstrap;
        TopicBootstrap.ensureTopics(bootstrap, config.cluster());
        Observability observability = push(new Observability());
        Optional<IngestApp> ingest = role(config, Role.INGEST, () -> IngestApp.start(IngestConfig.fromEnv(env)));
        Optional<StatusApp> status = role(config, Role.STATUS, () -> StatusApp.create(StatusConfig.fromEnv(env)));
        Optional<ExpanderApp> expander = role(config, Role.EXPANDER, () -> ExpanderApp.start(ExpanderConfig.fromEnv(env)));
        Map<String, Supplier<Optional<KafkaStreams>>> streams = new LinkedHashMap<>();
        status.ifPresent(s -> streams.put("status", s::streams));
        expander.ifPresent(e -> streams.put("expander", () -> Optional.of(e.streams())));
        if (config.servesHttp()) {
            List<Consumer<JavalinConfig>> routes = new ArrayList<>();
            ingest.ifPresent(i -> routes.add(i.routes()));
            status.ifPresent(s -> routes.addAll(s.routes()));
            http = serve(config, env, routes, observability.routes(bootstrap, streams));
            httpPort = http.port();
        } else if (env.containsKey("PREWARM_HTTP_PORT")) {
            httpPort = observability.serveAlone(config.httpPort(), bootstrap, streams);
        }
        status.ifPresent(s -> s.start(httpPort));
        streams.values().forEach(s -> s.get().ifPresent(observability::bind));
        role(config, Role.WARMER, () -> WarmerApp.start(WarmerConfig.fromEnv(env), observability.registry()));
        LOG.info("prewarm running: roles {}, Kafka {}{}", config.roles(), bootstrap, httpPort > 0 ? ", HTTP on port " + httpPort : "");
    }

    /** The one HTTP server of the process: API keys first, then the roles' routes, docs, health, metrics and the dashboard. */
    private static Javalin serve(LauncherConfig config, Map<String, String> env, List<Consumer<JavalinConfig>> roleRoutes,
                                 List<Consumer<JavalinConfig>> observability) {
        List<Consumer<JavalinConfig>> routes = new ArrayList<>();
        routes.add(new AccessControl(AccessConfig.fromEnv(env)));
        routes.addAll(roleRoutes);
        routes.add(new DocsRoutes());
        routes.addAll(observability);
        routes.add(new DashboardRoutes());
        return ApiServer.create(routes).start(config.httpPort());
    }

    private <T extends AutoCloseable> Optional<T> role(LauncherConfig config, Role role, Supplier<T> start) {
        return config.roles().contains(role) ? Optional.of(push(start.get())) : Optional.empty();
    }

    private <T extends AutoCloseable> T push(T closeable) {
        started.push(closeable);
        return closeable;
    }

    /**
     * The HTTP port, or -1 when this process serves no HTTP (a process without an HTTP role serves
     * only health and metrics, and only when PREWARM_HTTP_PORT is given).
     */
    public int httpPort() {
        return httpPort;
    }

    /** The Kafka this process uses: its embedded broker's address, or {@code KAFKA_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        if (http != null) {
            closeQuietly(http::stop);
            http = null;
        }
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            closedCleanly = false;
            LOG.warn("error while stopping: {}", e.toString());
        }
    }

    /** Whether everything closed without an error (after {@link #close()}). */
    public boolean closedCleanly() {
        return closedCleanly;
    }
}
