package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CacheAnswersTest {
    private EdgeSimulator simulator;
    private PopClient client;

    private void start(EdgeSimulatorBuilder builder) {
        simulator = builder.start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void firstRequestIsAMissAndTheNextAHit() throws Exception {
        start(EdgeSimulator.builder());

        assertEquals("Miss from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1", "gzip, deflate, br")));
        assertEquals("Hit from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1", "br")));
        assertEquals("Miss from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1", "gzip, deflate")));
        assertEquals("Hit from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1", "gzip")));
        assertEquals("Miss from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1", "identity")));
    }

    @Test
    void eachPopAndEachQueryHasItsOwnCache() throws Exception {
        start(EdgeSimulator.builder());
        client.get("IAD89-C1", "/a.js?v=1");

        assertEquals("Miss from cloudfront", xCache(client.get("FRA56-P2", "/a.js?v=1")));
        assertEquals("Miss from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=2")));
        assertEquals("Hit from cloudfront", xCache(client.get("IAD89-C1", "/a.js?v=1")));
    }

    @Test
    void aNormalAnswerIsAnOctetStreamOfTheConfiguredSize() throws Exception {
        start(EdgeSimulator.builder().bodyBytes(200_000));

        HttpResponse<byte[]> response = client.get("IAD89-C1", "/big.bin");

        assertEquals(200, response.statusCode());
        assertEquals(200_000, response.body().length);
        assertEquals("200000", response.headers().firstValue("Content-Length").orElseThrow());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void anEmptyBodyIsStillAFixedLengthAnswer() throws Exception {
        start(EdgeSimulator.builder().bodyBytes(0));

        HttpResponse<byte[]> response = client.get("IAD89-C1", "/empty");

        assertEquals(200, response.statusCode());
        assertEquals(0, response.body().length);
        assertTrue(response.headers().firstValue("Transfer-Encoding").isEmpty());
    }

    @Test
    void latencyIsAddedBeforeAnswering() throws Exception {
        start(EdgeSimulator.builder().latency(Duration.ofMillis(200)));

        long started = System.nanoTime();
        client.get("IAD89-C1", "/slow");

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 200);
    }

    @Test
    void sustainsManyConcurrentRequestsWithoutBlockingThreads() {
        start(EdgeSimulator.builder().latency(Duration.ofMillis(200)).threads(8));

        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<byte[]>>> responses = IntStream.range(0, 200)
                .mapToObj(i -> client.getAsync(i % 2 == 0 ? "IAD89-C1" : "FRA56-P2", "/many/" + i))
                .toList();
        List<Integer> statuses = responses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(Collections.nCopies(200, 200), statuses);
        // 8 threads sleeping 200 ms each would need 5 s for 200 requests; waiting must hold none.
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "200 requests took " + took);
        assertEquals(200, simulator.requests().size());
    }

    private static String xCache(HttpResponse<?> response) {
        return response.headers().firstValue("X-Cache").orElse("(none)");
    }
}
