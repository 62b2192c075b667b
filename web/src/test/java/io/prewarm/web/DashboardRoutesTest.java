package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard's files on a real Javalin with API keys on: the page and its files are open, the
 * job list it reads is not, nothing outside the fixed file set is served, and no file loads
 * anything from another host (the page must work without internet).
 */
class DashboardRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> FILES = List.of("app.js", "api.js", "ui.js", "jobview.js", "jobactions.js", "cachefacts.js", "expansion.js", "style.css");
    /** A URL with a scheme in a src/href/import/url(): what would make the page depend on another host. */
    private static final Pattern REMOTE = Pattern.compile("(src=|href=|import[^;]*from|url\\()\\s*[\"']?(https?:)?//", Pattern.CASE_INSENSITIVE);
    private Javalin app;

    @BeforeEach
    void start() {
        Consumer<JavalinConfig> jobs = config -> config.routes.get("/jobs", ctx -> ctx.json(Map.of("jobs", List.of())));
        app = ApiServer.create(List.of(new AccessControl(AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", "k3y-for-test"))),
                new DashboardRoutes(), jobs)).start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedWithoutAKeyAndItsJobListNeedsOne() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<script type=\"module\" src=\"/dashboard/app.js\">"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
        assertEquals(403, get("/jobs").statusCode(), "the list of jobs is API data, behind the key like /status");
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsTypeAndNothingFromAnotherHost() throws Exception {
        assertFalse(REMOTE.matcher(get("/").body()).find(), "index.html loads something from another host");
        for (String file : FILES) {
            HttpResponse<String> r = get("/dashboard/" + file);
            assertEquals(200, r.statusCode(), file);
            String type = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(file.endsWith(".css") ? type.startsWith("text/css") : type.startsWith("text/javascript"), file + ": " + type);
            assertFalse(REMOTE.matcher(r.body()).find(), file + " loads something from another host");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/dashboard/nope.js", "/dashboard/..%2Fweb%2FApiServer.class", "/dashboard/%2E%2E%2Fopenapi.json"})
    void onlyTheDashboardsOwnFilesAreServed(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"message\""), r.body());
    }
}
