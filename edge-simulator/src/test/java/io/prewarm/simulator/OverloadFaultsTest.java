package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The faults that play an overloaded edge: headers on errors, dropped connections, faults that wear off. */
class OverloadFaultsTest {
    private EdgeSimulator simulator;
    private PopClient client;

    @BeforeEach
    void start() {
        simulator = EdgeSimulator.builder().threads(4).start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void aStatusFaultSendsItsHeaders() throws Exception {
        simulator.fault("/busy", null, Fault.status(503, Map.of("Retry-After", "2", "X-Reason", "overload")));

        HttpResponse<byte[]> busy = client.get("IAD89-C1", "/busy");
        assertEquals(503, busy.statusCode());
        assertEquals("2", busy.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("overload", busy.headers().firstValue("X-Reason").orElseThrow());
        assertEquals(0, busy.body().length);
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() throws Exception {
        Instant at = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        simulator.fault("/seconds", null, Fault.retryAfter(429, Duration.ofMillis(2_900)))
                .fault("/date", null, Fault.retryAfter(503, at));

        HttpResponse<byte[]> seconds = client.get("IAD89-C1", "/seconds");
        assertEquals(429, seconds.statusCode());
        assertEquals("2", seconds.headers().firstValue("Retry-After").orElseThrow());
        HttpResponse<byte[]> date = client.get("IAD89-C1", "/date");
        assertEquals(503, date.statusCode());
        String retryAfter = date.headers().firstValue("Retry-After").orElseThrow();
        assertEquals(at, ZonedDateTime.parse(retryAfter, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    }

    @Test
    void aDroppedConnectionGetsNotOneByteOfAnswer() throws Exception {
        simulator.fault("/drop", "IAD89-C1", Fault.drop());

        try (Socket socket = new Socket(simulator.addressOf("IAD89-C1"), simulator.httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /drop HTTP/1.1\r\nHost: www.example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(0, bytesUntilClosed(socket.getInputStream()));
        }
        assertEquals("/drop", simulator.requests().get(0).pathAndQuery());
        assertEquals(200, client.get("FRA56-P2", "/drop").statusCode());
    }

    @Test
    void theJdkClientRetriesADroppedGetOnceThenFails() {
        simulator.fault("/drop", null, Fault.drop());

        // Worth knowing when counting requests: java.net.http resends an idempotent request once
        // when a connection ends before any answer, and then reports "header parser received no bytes".
        assertThrows(IOException.class, () -> client.get("IAD89-C1", "/drop"));
        assertEquals(2, simulator.requests().size());
    }

    @Test
    void aFaultForTheFirstRequestsEndsByItself() throws Exception {
        simulator.fault(EdgeSimulator.ANY_PATH, "ATL56-C1", Fault.retryAfter(503, Duration.ofSeconds(1)), 2);

        assertEquals(503, client.get("ATL56-C1", "/a").statusCode());
        assertEquals(200, client.get("FRA56-P2", "/a").statusCode());
        assertEquals(503, client.get("ATL56-C1", "/b").statusCode());
        assertEquals(200, client.get("ATL56-C1", "/c").statusCode());
        assertEquals(200, client.get("ATL56-C1", "/a").statusCode());
    }

    @Test
    void aUsedUpFaultGivesWayToTheNextMostSpecificOne() throws Exception {
        simulator.fault("/x", null, Fault.status(500)).fault("/x", "IAD89-C1", Fault.status(429), 1);

        assertEquals(429, client.get("IAD89-C1", "/x").statusCode());
        assertEquals(500, client.get("IAD89-C1", "/x").statusCode());
        assertEquals(500, client.get("IAD89-C1", "/x").statusCode());
    }

    @Test
    void anAnyPathFaultCoversEveryPathAtItsPopButAnExactPathWins() throws Exception {
        simulator.fault(EdgeSimulator.ANY_PATH, "ATL56-C1", Fault.status(503))
                .fault("/missing", null, Fault.status(404));

        assertEquals(503, client.get("ATL56-C1", "/any/thing?q=1").statusCode());
        assertEquals(503, client.get("ATL56-C1", "/").statusCode());
        assertEquals(404, client.get("ATL56-C1", "/missing").statusCode());
        assertEquals(200, client.get("IAD89-C1", "/any/thing").statusCode());
        simulator.clearFaults();
        assertEquals(200, client.get("ATL56-C1", "/any/thing").statusCode());
    }

    @Test
    void recordedRequestsCarryTheirArrivalTime() throws Exception {
        long before = System.nanoTime();
        Instant wallBefore = Instant.now();
        client.get("IAD89-C1", "/one");
        client.get("IAD89-C1", "/two");
        long after = System.nanoTime();

        List<Request> seen = simulator.requests();
        assertTrue(before <= seen.get(0).receivedAtNanos(), "first arrival after the test began");
        assertTrue(seen.get(0).receivedAtNanos() <= seen.get(1).receivedAtNanos(), "arrivals in order");
        assertTrue(seen.get(1).receivedAtNanos() <= after, "second arrival before the test ended");
        assertTrue(!seen.get(0).receivedAt().isBefore(wallBefore.truncatedTo(ChronoUnit.MILLIS)));
        assertEquals(2, simulator.maxRequestsInAnyWindow(Duration.ofNanos(after - before + 1), r -> true));
        assertEquals(0, simulator.maxRequestsInAnyWindow(Duration.ofSeconds(1), r -> r.pop().equals("FRA56-P2")));
    }

    /** Reads until the server closes (or resets) the connection; returns how many bytes came first. */
    static int bytesUntilClosed(InputStream in) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[512];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                got.write(buffer, 0, n);
            }
        } catch (IOException resetOrClosed) {
            // An RST surfaces as "Connection reset": the answer we are counting has ended either way.
        }
        return got.size();
    }
}
