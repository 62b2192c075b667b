package io.prewarm.status.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.testing.ChildJvm;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forwarded report eight times larger than the forwarding instance's heap arrives whole: the
 * forwarder (the real {@link AnswerRelay} and {@link PeerClient}, in a child JVM with a 64 MB heap)
 * streams the owner's answer and never holds it. The owner is a plain HTTP server in this JVM
 * generating the CSV as it sends it. No broker: who owns the requestID is not the question here.
 */
class ForwardedReportIT {
    private static final long ANSWER_BYTES = 512L << 20;
    private static final String CHILD_HEAP = "-Xmx64m";
    private static final Pattern STARTED = Pattern.compile("forwarding on port (\\d+) with a heap of at most (\\d+) bytes");

    @TempDir
    Path dir;

    @Test
    void aReportLargerThanTheForwardersHeapArrivesWhole() throws Exception {
        CompletableFuture<Long> sent = new CompletableFuture<>();
        try (FakeOwner owner = new FakeOwner().on("/report", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            CRC32C checksum = new CRC32C();
            try (OutputStream out = exchange.getResponseBody()) {
                FakeOwner.writeCsv(out, ANSWER_BYTES, checksum);
            }
            sent.complete(checksum.getValue());
        }); ChildJvm forwarder = ChildJvm.start(List.of(CHILD_HEAP), ForwardingMain.class.getName(), Map.of(), dir.resolve("forwarder.log"), null,
                String.valueOf(owner.host().port()))) {
            forwarder.awaitLog("forwarding on port", Duration.ofSeconds(60));
            Matcher started = STARTED.matcher(forwarder.log());
            assertTrue(started.find(), forwarder.tail());
            long heap = Long.parseLong(started.group(2));
            assertTrue(heap * 8 <= ANSWER_BYTES, "the answer must be at least eight times the forwarder's heap of " + heap + " bytes");

            long start = System.nanoTime();
            HttpResponse<InputStream> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + started.group(1) + "/forward/report?requestID=big")).build(), HttpResponse.BodyHandlers.ofInputStream());
            CRC32C received = new CRC32C();
            long bytes = 0;
            try (InputStream body = reply.body()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                    received.update(buffer, 0, n);
                    bytes += n;
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(200, reply.statusCode());
            assertEquals(ANSWER_BYTES, bytes);
            assertEquals(sent.get(10, TimeUnit.SECONDS), received.getValue(), "the forwarded bytes are the owner's");
            assertTrue(forwarder.isAlive(), forwarder.tail());
            assertFalse(forwarder.log().contains("OutOfMemoryError"), forwarder.tail());
            System.out.printf("forwarded %d bytes through a forwarder with %s (max heap %d bytes) in %d ms%n", bytes, CHILD_HEAP, heap, millis);
        }
    }
}
