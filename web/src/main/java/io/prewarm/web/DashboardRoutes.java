package io.prewarm.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dashboard at {@code /}: one HTML page with its scripts and style, plain files from this
 * module's {@code dashboard/} resources (no build step, nothing fetched from the internet), which
 * call the API from the browser. Only a fixed set of file names is served, loaded once at start
 * (so a missing file fails the start, not a user's page). The page itself is open; with API keys
 * on, its scripts ask for a key and send it on every API call.
 */
public final class DashboardRoutes implements Consumer<JavalinConfig> {
    private static final String DIR = "/dashboard/";
    /** File name to content type: everything the page loads. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "ui.js", "text/javascript; charset=utf-8",
            "jobview.js", "text/javascript; charset=utf-8",
            "jobactions.js", "text/javascript; charset=utf-8",
            "cachefacts.js", "text/javascript; charset=utf-8",
            "expansion.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    /** Everything from this origin only: no inline script, no third-party host, not framed. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'";

    private final Map<String, byte[]> files = new HashMap<>();

    public DashboardRoutes() {
        FILES.keySet().forEach(name -> files.put(name, load(name)));
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/", ctx -> serve(ctx, "index.html"));
        config.routes.get("/dashboard/{name}", ctx -> serve(ctx, ctx.pathParam("name")));
    }

    private void serve(Context ctx, String name) {
        byte[] body = files.get(name);
        if (body == null) {
            ApiServer.message(ctx, 404, "no such dashboard file: " + name);
            return;
        }
        // no-cache: the browser revalidates, so a new version shows after an upgrade without a hard reload
        ctx.header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .contentType(FILES.get(name))
                .result(body);
    }

    private static byte[] load(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard file " + DIR + name + " is missing from the web module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
