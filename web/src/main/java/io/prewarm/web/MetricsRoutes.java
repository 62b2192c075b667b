package io.prewarm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code GET /metrics}: the process's meters in the Prometheus text format, for a Prometheus
 * server to scrape (open without an API key, like the health probes). Also times every HTTP
 * request this server answers as {@code http_server_requests_seconds}, tagged by method, the
 * endpoint's route pattern (never the raw path, so the number of series stays bounded; "none" when
 * no endpoint ran) and status.
 */
public final class MetricsRoutes implements Consumer<JavalinConfig> {
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** The route of a request answered before any endpoint ran: refused by AccessControl, or no such path. */
    static final String NO_ROUTE = "none";
    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/metrics", ctx -> ctx.header("Cache-Control", "no-store").contentType(TEXT_FORMAT).result(registry.scrape(TEXT_FORMAT)));
        config.requestLogger.http((ctx, ms) -> Timer.builder("http.server.requests")
                .description("HTTP requests answered by this process")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
    }

    private static String route(Context ctx) {
        try {
            Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? NO_ROUTE : matched.path;
        } catch (RuntimeException e) {
            return NO_ROUTE;
        }
    }
}
