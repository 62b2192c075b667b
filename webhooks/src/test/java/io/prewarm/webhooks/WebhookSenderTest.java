package io.prewarm.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Env;
import io.prewarm.contract.WebhookPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    static final String SECRET = "webhook-test-secret";
    static final WebhookPolicy ALLOW_LOOPBACK = WebhookPolicy.fromEnv(new Env(Map.of(
            "PREWARM_WEBHOOK_SECRET", SECRET, "PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8")));
    static final WebhookPolicy NO_ALLOW_LIST = WebhookPolicy.fromEnv(new Env(Map.of("PREWARM_WEBHOOK_SECRET", SECRET)));
    private static final String BODY = "{\"requestID\":\"job-1\",\"status\":\"COMPLETED\",\"note\":\"é\"}";

    private final Receiver receiver = Receiver.start();

    @AfterEach
    void stop() {
        receiver.close();
    }

    private static Attempt post(WebhookSender sender, String url) throws Exception {
        return sender.post(url, "delivery-1", BODY).get(40, TimeUnit.SECONDS);
    }

    @Test
    void postsTheExactBodySignedWithTheDeliveryIdAndJsonHeaders() throws Exception {
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            Attempt attempt = post(sender, receiver.url());
            assertEquals(200, attempt.status());
            assertNull(attempt.error());
        }
        Receiver.Request got = receiver.requests().get(0);
        assertEquals("/hook", got.path());
        assertEquals(BODY, new String(got.body(), StandardCharsets.UTF_8));
        assertTrue(Signature.verify(SECRET, got.body(), got.headers().getFirst("X-Prewarm-Signature")));
        assertEquals("delivery-1", got.headers().getFirst("X-Prewarm-Delivery"));
        assertEquals("application/json", got.headers().getFirst("Content-Type"));
        assertEquals("Prewarm-Webhook/1", got.headers().getFirst("User-Agent"));
    }

    @Test
    void loopbackIsRefusedWithoutTheAllowListBeforeAnyConnection() throws Exception {
        try (Listener listener = new Listener(); WebhookSender sender = new WebhookSender(NO_ALLOW_LIST, Duration.ofMillis(500))) {
            for (String host : List.of("127.0.0.1", "localhost", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]")) {
                Attempt attempt = post(sender, "http://" + host + ":" + listener.port() + "/hook");
                assertNull(attempt.status(), host);
                assertTrue(attempt.error().contains("PREWARM_WEBHOOK_ALLOW"), host + ": " + attempt.error());
            }
            assertEquals(0, listener.accepted.get(), "connections made");
            // the same listener does get a connection when the address is allowed: the count above could fail
            try (WebhookSender allowed = new WebhookSender(ALLOW_LOOPBACK, Duration.ofMillis(500))) {
                Attempt attempt = post(allowed, "http://127.0.0.1:" + listener.port() + "/hook");
                assertNull(attempt.status());
                assertTrue(attempt.error().startsWith("timed out"), attempt.error());
                assertEquals(1, listener.accepted.get());
            }
        }
    }

    @Test
    void aRedirectIsTheAnswerAndIsNotFollowed() throws Exception {
        receiver.answer(new Receiver.Answer(302, null, "http://127.0.0.1:" + receiver.port() + "/elsewhere", new byte[0]));
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            assertEquals(302, post(sender, receiver.url()).status());
        }
        assertEquals(List.of("/hook"), receiver.requests().stream().map(Receiver.Request::path).toList());
    }

    @Test
    void retryAfterOfTheAnswerIsReported() throws Exception {
        receiver.answer(new Receiver.Answer(429, "7", null, "slow down".getBytes(StandardCharsets.UTF_8)));
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            Attempt attempt = post(sender, receiver.url());
            assertEquals(429, attempt.status());
            assertEquals(Duration.ofSeconds(7), attempt.retryAfter());
        }
    }

    @Test
    void aLongAnswerBodyIsNotReadAndTheStatusCounts() throws Exception {
        receiver.answer(new Receiver.Answer(200, null, null, new byte[4 * 1024 * 1024]));
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            assertEquals(200, post(sender, receiver.url()).status());
        }
    }

    @Test
    void aRefusedConnectionIsAnErrorNotAnException() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            Attempt attempt = post(sender, "http://127.0.0.1:" + port + "/hook");
            assertNull(attempt.status());
            assertTrue(attempt.error().startsWith("cannot connect"), attempt.error());
        }
    }

    @Test
    void withoutASecretNothingIsSent() throws Exception {
        try (WebhookSender sender = new WebhookSender(WebhookPolicy.DISABLED)) {
            Attempt attempt = post(sender, receiver.url());
            assertNull(attempt.status());
            assertTrue(attempt.error().contains("PREWARM_WEBHOOK_SECRET"), attempt.error());
        }
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void aUrlThatIsNotHttpIsAnError() throws Exception {
        try (WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK)) {
            assertTrue(post(sender, "ftp://127.0.0.1/x").error().contains("http"));
            assertEquals("callback URL is not a valid URL", post(sender, "http://bad host/?token=x").error());
        }
    }

    @Test
    void closeEndsTheAttemptsInFlight() throws Exception {
        receiver.hold();
        WebhookSender sender = new WebhookSender(ALLOW_LOOPBACK);
        CompletableFuture<Attempt> attempt = sender.post(receiver.url(), "delivery-1", BODY);
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
        long started = System.nanoTime();
        sender.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "close took too long");
        Attempt ended = attempt.get(5, TimeUnit.SECONDS);
        assertNull(ended.status());
        assertTrue(sender.post(receiver.url(), "delivery-2", BODY).get(5, TimeUnit.SECONDS).error().contains("closed"));
    }

    /** A bare TCP listener that counts the connections it accepts and never answers. */
    private static final class Listener implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread loop = new Thread(this::accept, "listener");

        Listener() throws IOException {
            loop.setDaemon(true);
            loop.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    open.add(socket.accept());
                    accepted.incrementAndGet();
                }
            } catch (IOException e) {
                // closed
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
