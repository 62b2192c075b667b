package io.prewarm.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import io.prewarm.contract.Json;
import io.prewarm.testing.Api;
import io.prewarm.web.ApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The status role before its Streams app starts, and the settings it starts that app with; no broker. */
class StatusAppTest {
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "PREWARM_ADVERTISED_HOST", "10.0.0.7");

    @Test
    void untilStartedEveryEndpointAnswers503WithRetryAfter() {
        StatusApp app = StatusApp.create(StatusConfig.fromEnv(ENV));
        Javalin http = ApiServer.create(app.routes()).start(0);
        try {
            Api api = new Api(http.port());
            for (String path : new String[] {"/status?requestID=r1", "/report?requestID=r1", "/jobs", "/internal/status?requestID=r1",
                    "/internal/report?requestID=r1", "/internal/jobs?limit=5", "DELETE /prewarm?requestID=r1", "POST /prewarm/retry?requestID=r1",
                    "DELETE /internal/prewarm?requestID=r1", "POST /internal/prewarm/retry?requestID=r1"}) {
                Api.Reply reply = path.startsWith("/") ? api.get(path) : send(http.port(), path.split(" ")[0], path.split(" ")[1], "");
                assertEquals(503, reply.status(), path);
                assertEquals(Optional.of("1"), reply.raw().headers().firstValue("Retry-After"), path);
                assertEquals("status store is starting; retry shortly", reply.text("message"), path);
            }
            assertTrue(app.streams().isEmpty(), "no Streams app before start()");
        } finally {
            http.stop();
            app.close();
        }
    }

    @Test
    void theCallersMistakesAreStill400BeforeStart() {
        StatusApp app = StatusApp.create(StatusConfig.fromEnv(ENV));
        Javalin http = ApiServer.create(app.routes()).start(0);
        try {
            Api api = new Api(http.port());
            assertEquals(400, api.get("/status").status());
            Api.Reply badLimit = api.get("/jobs?limit=0");
            assertEquals(400, badLimit.status());
            assertEquals("limit: must be a whole number from 1 to 200, got '0'", badLimit.text("message"));
        } finally {
            http.stop();
        }
    }

    @Test
    void theRequestIdMayComeInAJsonBodyAndEveryMistakeThereIsA400NamingIt() {
        StatusApp app = StatusApp.create(StatusConfig.fromEnv(ENV));
        Javalin http = ApiServer.create(app.routes()).start(0);
        try {
            for (String method : List.of("GET /status", "GET /report", "DELETE /prewarm", "POST /prewarm/retry")) {
                String[] route = method.split(" ");
                assertEquals(503, send(http.port(), route[0], route[1], "{\"requestID\": \"r1\"}").status(), method + ": taken, then not started");
                for (String bad : List.of("", "{\"requestID\": ", "[\"r1\"]", "{}", "{\"requestID\": 7}", "{\"requestID\": \" \"}")) {
                    Api.Reply reply = send(http.port(), route[0], route[1], bad);
                    assertEquals(400, reply.status(), method + " " + bad);
                    assertTrue(reply.text("message").startsWith("requestID: "), reply.text("message"));
                }
            }
        } finally {
            http.stop();
        }
    }

    private static Api.Reply send(int port, String method, String path, String body) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(r.statusCode(), Json.MAPPER.readTree(r.body()), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theReadWaitComesFromTheEnvironment() {
        assertEquals(Duration.ofSeconds(5), StatusConfig.fromEnv(Map.of()).readWait());
        assertEquals(Duration.ofMillis(200), StatusConfig.fromEnv(Map.of("PREWARM_STATUS_READ_WAIT_MS", "200")).readWait());
        assertThrows(IllegalArgumentException.class, () -> StatusConfig.fromEnv(Map.of("PREWARM_STATUS_READ_WAIT_MS", "0")));
    }

    @Test
    void streamsAdvertiseTheBoundPortAndCommitAtTheConfiguredInterval() {
        Properties props = StatusApp.streamsProperties(StatusConfig.fromEnv(ENV), 41_234);

        assertEquals("10.0.0.7:41234", props.get("application.server"));
        assertEquals(1000L, props.get("commit.interval.ms"));
        assertEquals("prewarm-status", props.get("application.id"));
    }

    @Test
    void theCommitIntervalComesFromTheEnvironment() {
        assertEquals(Duration.ofSeconds(1), StatusConfig.fromEnv(Map.of()).commitInterval());
        StatusConfig fast = StatusConfig.fromEnv(Map.of("PREWARM_STATUS_COMMIT_INTERVAL_MS", "250"));
        assertEquals(Duration.ofMillis(250), fast.commitInterval());
        assertEquals(250L, StatusApp.streamsProperties(fast, 8080).get("commit.interval.ms"));
        assertThrows(IllegalArgumentException.class, () -> StatusConfig.fromEnv(Map.of("PREWARM_STATUS_COMMIT_INTERVAL_MS", "0")));
    }
}
