package io.prewarm.status.fold;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.contract.WebhookPolicy;
import io.prewarm.webhooks.Deliveries;
import io.prewarm.webhooks.DeliveryState;
import io.prewarm.webhooks.WebhookSender;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job with a callback_url: its final status is handed to the task's deliveries with the event's
 * JSON, kept in {@code job-webhooks} (shown in detail, deleted with the job), and sent by the
 * punctuator; a job without one sends nothing. No broker: a real sender against a local receiver.
 */
class WebhookFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "hooked-1";
    private static final String U1 = "https://a.example/1";
    private static final String ATL = "ATL56-C1";
    private static final Duration RETENTION = Duration.ofHours(1);

    private final Map<String, String> received = new ConcurrentHashMap<>();
    private HttpServer receiver;
    private WebhookSender sender;
    private StatusDriver fold;

    @BeforeEach
    void setUp() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.put("signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-Prewarm-Signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        sender = new WebhookSender(new WebhookPolicy(Optional.of("test-secret"), List.of(WebhookPolicy.Cidr.parse("127.0.0.0/8"))));
        fold = new StatusDriver(stateDir, new StatusTopology.Settings(Duration.ofSeconds(10), RETENTION, 100),
                Optional.of(log -> new Deliveries(log, sender)));
    }

    @AfterEach
    void tearDown() {
        fold.close();
        sender.close();
        receiver.stop(0);
    }

    private Job job(String id, String callback) {
        PrewarmRequest settings = new PrewarmRequest(List.of(), null, "https", "pop", List.of(ATL), null, null, null, null, null, null, callback, null);
        return new Job(id, List.of(U1), List.of(ATL), null, 0, 10_000_000, null, 0, 1, settings, 0);
    }

    private void complete(String id) {
        fold.send(id, new WarmResult(id, U1, ATL, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, null, ATL, 1, 1, 1, null, 1));
    }

    private Optional<DeliveryState> delivery(String id) {
        return Optional.ofNullable(fold.store(StatusStores.WEBHOOKS).get(StatusStores.webhookKey(id)));
    }

    @Test
    void aFinalStatusIsPostedToTheCallbackAsTheEventsJsonAndItsDeliveryShowsInDetail() throws Exception {
        fold.jobs.pipeInput(ID, job(ID, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        complete(ID);
        JobStatusEvent event = fold.events.readValue();
        assertEquals(DeliveryState.State.PENDING, delivery(ID).orElseThrow().state(), "recorded at once, durably");

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            fold.driver.advanceWallClockTime(StatusTopology.WEBHOOK_TICK);
            return delivery(ID).orElseThrow().state() == DeliveryState.State.DELIVERED;
        });

        assertEquals(Json.MAPPER.writeValueAsString(event), received.get("body"));
        assertTrue(received.get("signature").startsWith("sha256="), received.get("signature"));
        DeliveryState shown = fold.reader().detail(fold.reader().header(ID).orElseThrow()).webhook();
        assertEquals(DeliveryState.State.DELIVERED, shown.state());
        assertEquals(1, shown.attempts());
        assertNull(shown.body(), "detail leaves out the body");
    }

    @Test
    void aJobWithoutCallbackSchedulesNothingAndADeliveryIsDeletedWithItsJob() {
        fold.jobs.pipeInput("plain", job("plain", null));
        complete("plain");
        fold.jobs.pipeInput(ID, job(ID, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        complete(ID);

        assertTrue(delivery("plain").isEmpty());
        assertNull(fold.reader().detail(fold.reader().header("plain").orElseThrow()).webhook());
        assertTrue(delivery(ID).isPresent());
        fold.driver.advanceWallClockTime(RETENTION.plusMinutes(1));
        assertTrue(fold.reader().header(ID).isEmpty());
        assertTrue(delivery(ID).isEmpty(), "retention deletes the delivery with its job");
    }
}
