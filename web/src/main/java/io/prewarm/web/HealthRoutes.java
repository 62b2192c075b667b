package io.prewarm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Probes for orchestrators and load balancers: {@code GET /health/live} is 200 while the process
 * can answer at all (restart it otherwise), {@code GET /health/ready} is 200 only when every
 * {@link Readiness} check passes and 503 otherwise (send it no traffic), both with a JSON body
 * saying what was found. Open without an API key: AccessControl protects only the API paths.
 */
public final class HealthRoutes implements Consumer<JavalinConfig> {
    private final Readiness readiness;

    public HealthRoutes(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/health/live", ctx -> noStore(ctx).json(Map.of("status", "UP")));
        config.routes.get("/health/ready", this::ready);
    }

    private void ready(Context ctx) {
        Readiness.Report report = readiness.evaluate();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.status());
        body.put("checks", report.checks());
        noStore(ctx).status(report.up() ? 200 : 503).json(body);
    }

    private static Context noStore(Context ctx) {
        return ctx.header("Cache-Control", "no-store");
    }
}
