package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * AccessControl in front of dummy endpoints on a real Javalin (port 0), with a clock the test
 * moves: which requests reach an endpoint, and what the refused ones are told.
 */
class AccessControlTest {
    private static final String KEY_A = "alpha-3f9c1d2e7b";
    private static final String KEY_B = "bravo-8a6e4c0f15";
    private static final Map<String, String> TWO_KEYS = Map.of("PREWARM_API_KEYS", " " + KEY_A + " ,, " + KEY_B + " ");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final AtomicLong nanos = new AtomicLong(-123_456_789L); // nanoTime may start anywhere
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Javalin app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /prewarm", "GET /status?requestID=r1", "GET /report?requestID=r1",
            "GET /internal/status?requestID=r1", "GET /internal/report?requestID=r1"})
    void requestWithoutKeyIsForbiddenAndEndpointDoesNotRun(String request) {
        start(TWO_KEYS);
        assertForbidden(send(request, null));
        assertEquals(Map.of(), calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong-key", "alpha-3f9c", "alpha-3f9c1d2e7b0", "bravo-8a6e4c0f15 alpha-3f9c1d2e7b", "alpha-3f9c1d2e7b,bravo-8a6e4c0f15", ""})
    void invalidKeyIsForbidden(String key) {
        start(TWO_KEYS);
        assertForbidden(send("POST /prewarm", key));
        assertForbidden(send("GET /status?requestID=r1", key));
        assertEquals(Map.of(), calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {KEY_A, KEY_B})
    void eachValidKeyIsAccepted(String key) {
        start(TWO_KEYS);
        for (String request : List.of("POST /prewarm", "GET /status?requestID=r1", "GET /report?requestID=r1", "GET /internal/status?requestID=r1")) {
            assertEquals(200, send(request, key).statusCode(), request);
        }
        assertEquals(4, calls.size());
    }

    @Test
    void pathsOutsideTheApiNeedNoKey() {
        start(TWO_KEYS);
        assertEquals(200, send("GET /health/live", null).statusCode());
        assertEquals(200, send("GET /", null).statusCode());
        assertEquals(404, send("GET /metrics", null).statusCode(), "an open path without a route is a 404, not a 403");
        assertEquals(404, send("GET /prewarmer", null).statusCode(), "a prefix covers whole path segments only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /prewarm/", "POST //prewarm", "POST /PREWARM", "POST /Prewarm/", "POST /prewarm;x=1",
            "POST /%70rewarm", "GET /status/?requestID=r1", "GET /internal//status?requestID=r1", "GET //internal/report"})
    void noSpellingOfAProtectedPathReachesItsEndpointWithoutKey(String request) {
        start(TWO_KEYS);
        int status = send(request, null).statusCode();
        assertTrue(status >= 400, request + " answered " + status);
        assertEquals(Map.of(), calls, request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /PREWARM", "POST //prewarm", "POST /Prewarm/", "GET /internal//status?requestID=r1", "GET //Status?requestID=r1"})
    void spellingsALenientRouterMatchesAreProtectedToo(String request) {
        start(TWO_KEYS, config -> {
            config.router.caseInsensitiveRoutes = true;
            config.router.treatMultipleSlashesAsSingleSlash = true;
        });
        assertForbidden(send(request, null));
        assertEquals(Map.of(), calls, request);
        assertEquals(200, send(request, KEY_A).statusCode(), "the router does match " + request);
    }

    @Test
    void withoutKeysConfiguredEverythingIsOpen() {
        start(Map.of("PREWARM_API_KEYS", " , "));
        for (String request : List.of("POST /prewarm", "GET /status?requestID=r1", "GET /report?requestID=r1", "GET /internal/status?requestID=r1", "GET /health/live")) {
            assertEquals(200, send(request, null).statusCode(), request);
        }
    }

    @Test
    void overTheLimitIs429WithRetryAfterUntilATokenRefills() {
        start(withLimit(TWO_KEYS, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("POST /prewarm", KEY_A).statusCode());
        }
        for (int i = 0; i < 3; i++) { // refused requests take no token: the refill time stays 20 s
            assertTooMany(send("POST /prewarm", KEY_A), 20, "x-api-key: rate limit of 3 requests per minute reached; retry after 20 s");
        }
        assertEquals(3, calls.get("POST /prewarm").get(), "a refused request never reaches the endpoint");
        advanceSeconds(19);
        assertTooMany(send("POST /prewarm", KEY_A), 1, "x-api-key: rate limit of 3 requests per minute reached; retry after 1 s");
        advanceSeconds(1);
        assertEquals(200, send("POST /prewarm", KEY_A).statusCode());
        assertEquals(429, send("POST /prewarm", KEY_A).statusCode());
        advanceSeconds(60);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, send("POST /prewarm", KEY_A).statusCode(), "a full minute refills the whole bucket");
        }
    }

    @Test
    void limitsArePerKey() {
        start(withLimit(TWO_KEYS, 2));
        send("POST /prewarm", KEY_A);
        send("POST /prewarm", KEY_A);
        assertEquals(429, send("POST /prewarm", KEY_A).statusCode());
        assertEquals(200, send("POST /prewarm", KEY_B).statusCode());
        assertEquals(200, send("POST /prewarm", KEY_B).statusCode());
        assertEquals(429, send("POST /prewarm", KEY_B).statusCode());
    }

    @Test
    void withoutKeysLimitsArePerClientAddress() throws IOException {
        start(withLimit(Map.of(), 1));
        assertEquals(200, send("POST /prewarm", null).statusCode());
        HttpResponse<String> refused = send("POST /prewarm", null);
        assertEquals(429, refused.statusCode());
        assertTrue(message(refused).startsWith("client address: rate limit of 1 requests per minute"), message(refused));
        assertEquals(200, postFrom("127.0.0.2"), "another address has its own bucket");
        assertEquals(429, postFrom("127.0.0.2"));
    }

    @Test
    void statusAndReportAreNotRateLimited() {
        start(withLimit(TWO_KEYS, 1));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, send("GET /status?requestID=r1", KEY_A).statusCode());
            assertEquals(200, send("GET /report?requestID=r1", KEY_A).statusCode());
        }
        assertEquals(200, send("POST /prewarm", KEY_A).statusCode(), "status queries took no token");
    }

    @Test
    void keyIsCheckedBeforeTheLimitSoInvalidKeysTakeNoTokens() {
        start(withLimit(TWO_KEYS, 2));
        for (int i = 0; i < 5; i++) {
            assertForbidden(send("POST /prewarm", "not-a-key"));
            assertForbidden(send("POST /prewarm", null));
        }
        assertEquals(200, send("POST /prewarm", KEY_A).statusCode());
        assertEquals(200, send("POST /prewarm", KEY_A).statusCode());
        assertEquals(429, send("POST /prewarm", KEY_A).statusCode());
    }

    private void start(Map<String, String> env) {
        start(env, config -> { });
    }

    /** {@code router} settings apply to the routes added after it, so it goes before them. */
    private void start(Map<String, String> env, Consumer<JavalinConfig> router) {
        // no request is ever in flight at stop: skip the graceful wait (1 s per test otherwise)
        List<Consumer<JavalinConfig>> routes = new ArrayList<>(List.of(router, this::dummyRoutes,
                config -> config.jetty.modifyServer(server -> server.setStopTimeout(0))));
        routes.add(0, new AccessControl(AccessConfig.fromEnv(env), nanos::get)); // as the launcher adds it
        app = ApiServer.create(routes).start(0);
    }

    private void dummyRoutes(JavalinConfig config) {
        config.routes.post("/prewarm", ctx -> ran(ctx, "POST /prewarm"));
        for (String path : List.of("/status", "/report", "/internal/status", "/internal/report", "/health/live", "/")) {
            config.routes.get(path, ctx -> ran(ctx, "GET " + path));
        }
    }

    private void ran(Context ctx, String endpoint) {
        calls.computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
        ctx.json(Map.of("ran", endpoint));
    }

    private static Map<String, String> withLimit(Map<String, String> env, int perMinute) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put("PREWARM_RATE_LIMIT", Integer.toString(perMinute));
        return copy;
    }

    private void advanceSeconds(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    /** {@code request} is "METHOD /path?query"; {@code key} null sends no x-api-key header. */
    private HttpResponse<String> send(String request, String key) {
        String[] parts = request.split(" ", 2);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + parts[1]))
                .timeout(Duration.ofSeconds(10)).method(parts[0], HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            builder.header("x-api-key", key);
        }
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bare POST /prewarm from another loopback address (HttpClient cannot choose its source address). */
    private int postFrom(String sourceAddress) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(sourceAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", app.port()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /prewarm HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
        }
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertEquals("x-api-key: missing or not a valid API key", message(response));
    }

    private static void assertTooMany(HttpResponse<String> response, long retryAfter, String message) {
        assertEquals(429, response.statusCode(), response.body());
        assertEquals(String.valueOf(retryAfter), response.headers().firstValue("Retry-After").orElse("none"));
        assertEquals(message, message(response));
    }

    private static String message(HttpResponse<String> response) {
        try {
            JsonNode body = Json.MAPPER.readTree(response.body());
            return body.path("message").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
