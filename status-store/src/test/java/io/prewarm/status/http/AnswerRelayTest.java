package io.prewarm.status.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A forwarded answer as the caller gets it from the real {@link AnswerRelay}, against a plain HTTP "owner"; no broker. */
class AnswerRelayTest {
    private static final String NOT_FOUND = "{\"message\":\"requestID: no prewarm request r1 is known\"}";
    private static final Duration ANSWER_WAIT = Duration.ofMillis(500);
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);

    private final HttpClient client = HttpClient.newHttpClient();
    private final FakeOwner owner = new FakeOwner();
    private final CountDownLatch release = new CountDownLatch(1);
    private Javalin forwarder;

    @AfterEach
    void stop() {
        release.countDown();
        if (forwarder != null) {
            forwarder.stop();
        }
        owner.close();
    }

    private HttpResponse<byte[]> get(HostInfo to, String path, String... headers) throws Exception {
        startForwarder(to);
        return send(path, headers);
    }

    private void startForwarder(HostInfo to) {
        forwarder = ForwardingMain.start(to, new PeerClient(ANSWER_WAIT, IDLE_WAIT));
    }

    private HttpResponse<byte[]> send(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + forwarder.port() + "/forward" + path))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void answer(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Test
    void anOwnerRefusingTheConnectionIs503WithRetryAfter() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpResponse<byte[]> reply = get(new HostInfo("127.0.0.1", closedPort), "/status?requestID=r1");
        assertEquals(503, reply.statusCode());
        assertEquals(Optional.of("1"), reply.headers().firstValue("Retry-After"));
        assertTrue(new String(reply.body(), StandardCharsets.UTF_8).contains("did not answer; retry shortly"));
    }

    @Test
    void anOwnerNotSendingItsHeadersInTimeIs503WithRetryAfter() throws Exception {
        owner.on("/status", exchange -> awaitRelease());
        startForwarder(owner.host());
        HttpResponse<byte[]> reply = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> send("/status?requestID=r1"));
        assertEquals(503, reply.statusCode());
        assertEquals(Optional.of("1"), reply.headers().firstValue("Retry-After"));
    }

    @Test
    void aSmallJsonAnswerKeepsItsStatusBodyTypeAndLength() throws Exception {
        owner.on("/status", exchange -> answer(exchange, 404, "application/json", NOT_FOUND.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<byte[]> reply = get(owner.host(), "/status?requestID=r1");
        assertEquals(404, reply.statusCode());
        assertEquals(NOT_FOUND, new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("application/json"), reply.headers().firstValue("Content-Type"));
        assertEquals(Optional.of(String.valueOf(NOT_FOUND.length())), reply.headers().firstValue("Content-Length"));
    }

    @Test
    void theOwnersRetryAfterIsRelayed() throws Exception {
        owner.on("/status", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "1");
            answer(exchange, 503, "application/json", "{\"message\":\"status store is rebalancing; retry shortly\"}".getBytes(StandardCharsets.UTF_8));
        });
        HttpResponse<byte[]> reply = get(owner.host(), "/status?requestID=r1");
        assertEquals(503, reply.statusCode());
        assertEquals(Optional.of("1"), reply.headers().firstValue("Retry-After"));
    }

    @Test
    void aReportWithoutLengthIsRelayedChunkedWholeWithItsDisposition() throws Exception {
        CRC32C sent = new CRC32C();
        owner.on("/report", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"prewarm-r1.csv\"");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                FakeOwner.writeCsv(out, 3_000_000, sent);
            }
        });
        HttpResponse<byte[]> reply = get(owner.host(), "/report?requestID=r1");
        assertEquals(200, reply.statusCode());
        assertEquals(3_000_000, reply.body().length);
        CRC32C received = new CRC32C();
        received.update(reply.body());
        assertEquals(sent.getValue(), received.getValue());
        assertEquals(Optional.of("attachment; filename=\"prewarm-r1.csv\""), reply.headers().firstValue("Content-Disposition"));
        assertEquals(Optional.of("text/csv; charset=utf-8"), reply.headers().firstValue("Content-Type"));
        assertEquals(Optional.empty(), reply.headers().firstValue("Content-Length"));
    }

    @Test
    void aCallerAcceptingGzipGetsTheOwnersCompressedBytesAsGiven() throws Exception {
        String csv = "task-1,https://cdn.example.com/a.js,fra1,200,HIT\n".repeat(2000);
        owner.on("/report", exchange -> {
            boolean gzip = String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip");
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try (OutputStream out = gzip ? new GZIPOutputStream(body) : body) {
                out.write(csv.getBytes(StandardCharsets.UTF_8));
            }
            if (gzip) {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            answer(exchange, 200, "text/csv; charset=utf-8", body.toByteArray());
        });
        HttpResponse<byte[]> reply = get(owner.host(), "/report?requestID=r1", "Accept-Encoding", "gzip");
        assertEquals(Optional.of("gzip"), reply.headers().firstValue("Content-Encoding"));
        try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(reply.body()))) {
            assertArrayEquals(csv.getBytes(StandardCharsets.UTF_8), unzipped.readAllBytes());
        }
    }

    @Test
    void anOwnerStallingMidBodyBreaksTheCallersAnswerAndLosesItsConnection() throws Exception {
        AtomicBoolean ownerCutOff = new AtomicBoolean();
        owner.on("/report", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            FakeOwner.writeCsv(out, 100_000, new CRC32C());
            out.flush();
            awaitRelease();
            try {
                FakeOwner.writeCsv(out, 50_000_000, new CRC32C());
            } catch (IOException e) {
                ownerCutOff.set(true);
            }
        });
        startForwarder(owner.host());
        // the caller's own timeout covers only the headers: the answer ends because the forwarder broke it off
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThrows(IOException.class, () -> send("/report?requestID=r1")));
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).untilTrue(ownerCutOff);
    }

    @Test
    void aCallerGoingAwayClosesTheStreamFromTheOwner() throws Exception {
        AtomicBoolean ownerCutOff = new AtomicBoolean();
        owner.on("/report", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                FakeOwner.writeCsv(exchange.getResponseBody(), Long.MAX_VALUE, new CRC32C());
            } catch (IOException e) {
                ownerCutOff.set(true);
            }
        });
        startForwarder(owner.host());
        try (Socket caller = new Socket("127.0.0.1", forwarder.port())) {
            caller.getOutputStream().write("GET /forward/report?requestID=r1 HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            caller.getOutputStream().flush();
            assertEquals(1 << 20, caller.getInputStream().readNBytes(1 << 20).length);
        }
        await().atMost(Duration.ofSeconds(10)).untilTrue(ownerCutOff);
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
