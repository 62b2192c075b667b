package io.prewarm.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.prewarm.contract.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server a process runs, whatever roles it has: each role adds its routes, and every
 * error leaves as JSON {@code {"message": ...}} with a 4xx for the caller's mistakes. An
 * unexpected exception is a 500 with a generic message; its details go to the log, not the client.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final long MAX_BODY_BYTES = 16L * 1024 * 1024;

    private ApiServer() {
    }

    public static Javalin create(List<Consumer<JavalinConfig>> routes) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            installErrors(config);
            routes.forEach(r -> r.accept(config));
        });
    }

    private static void installErrors(JavalinConfig config) {
        config.routes.exception(JsonProcessingException.class, (e, ctx) -> message(ctx, 400, "body: not valid JSON (" + e.getOriginalMessage() + ")"));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> message(ctx, e.getStatus(), e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error serving {} {}", ctx.method(), ctx.path(), e);
            message(ctx, 500, "internal error; the operator's log has the details");
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null) {
                message(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
    }

    public static void message(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message));
    }
}
