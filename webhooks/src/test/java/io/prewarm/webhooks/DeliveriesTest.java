package io.prewarm.webhooks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.webhooks.DeliveryState.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveriesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final String BODY = "{\"requestID\":\"job-1\",\"status\":\"COMPLETED\"}";

    private final Receiver receiver = Receiver.start();
    private final WebhookSender sender = new WebhookSender(WebhookSenderTest.ALLOW_LOOPBACK);
    private final MapLog log = new MapLog();
    private final AtomicLong now = new AtomicLong(T0);

    @AfterEach
    void stop() {
        sender.close();
        receiver.close();
    }

    private Deliveries deliveries() {
        return new Deliveries(log, sender, now::get);
    }

    /** Ticks at {@code at} until the job's delivery satisfies {@code done} (an attempt's outcome is applied by a tick). */
    private DeliveryState tickUntil(Deliveries d, long at, String job, Predicate<DeliveryState> done) {
        now.set(at);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            d.tick(at);
            return done.test(log.of(job));
        });
        return log.of(job);
    }

    @Test
    void aServerErrorIsRetriedAfterTenSecondsAndThenDelivered() {
        receiver.answer(500).answer(200);
        try (Deliveries d = deliveries()) {
            d.schedule("job-1", receiver.url(), BODY, T0);
            DeliveryState retry = tickUntil(d, T0, "job-1", s -> s.attempts() == 1);
            assertEquals(State.PENDING, retry.state());
            assertEquals(500, retry.lastStatus());
            assertEquals(T0 + 10_000, retry.nextAttemptAt());

            d.tick(T0 + 9_999);
            assertEquals(0, d.inFlight(), "not due yet");
            DeliveryState delivered = tickUntil(d, T0 + 10_000, "job-1", s -> s.state() != State.PENDING);
            assertEquals(State.DELIVERED, delivered.state());
            assertEquals(2, delivered.attempts());
            assertEquals(200, delivered.lastStatus());
            assertEquals(T0 + 10_000, delivered.deliveredAt());
            assertEquals(BODY, delivered.body());
        }
        List<String> ids = receiver.requests().stream().map(r -> r.headers().getFirst("X-Prewarm-Delivery")).toList();
        assertEquals(2, ids.size());
        assertEquals(ids.get(0), ids.get(1), "the same delivery id on every attempt");
        assertEquals(log.of("job-1").deliveryId(), ids.get(0));
    }

    @Test
    void notFoundEndsFailedWithoutRetry() {
        receiver.answer(404);
        try (Deliveries d = deliveries()) {
            d.schedule("job-1", receiver.url(), BODY, T0);
            DeliveryState failed = tickUntil(d, T0, "job-1", s -> s.attempts() == 1);
            assertEquals(State.FAILED, failed.state());
            assertEquals(404, failed.lastStatus());
            d.tick(T0 + Duration.ofHours(2).toMillis());
            assertEquals(0, d.inFlight());
        }
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void aJobScheduledTwiceIsDeliveredOnce() {
        try (Deliveries d = deliveries()) {
            d.schedule("job-1", receiver.url(), BODY, T0);
            d.schedule("job-1", receiver.url(), "{\"other\":true}", T0 + 5);
            tickUntil(d, T0, "job-1", s -> s.state() == State.DELIVERED);
            d.schedule("job-1", receiver.url(), BODY, T0 + 10);
            d.tick(T0 + Duration.ofHours(1).toMillis());
            assertEquals(0, d.inFlight());
        }
        assertEquals(1, receiver.requests().size());
        assertEquals(BODY, new String(receiver.requests().get(0).body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aRestartResumesPendingDeliveriesFromTheLog() {
        receiver.answer(503);
        try (Deliveries before = deliveries()) {
            before.schedule("job-1", receiver.url(), BODY, T0);
            tickUntil(before, T0, "job-1", s -> s.attempts() == 1);
            before.schedule("job-2", receiver.url(), BODY, T0 + 1_000); // never ticked before the "crash"
        }
        try (Deliveries after = deliveries()) {
            DeliveryState one = tickUntil(after, T0 + 10_000, "job-1", s -> s.state() == State.DELIVERED);
            assertEquals(2, one.attempts());
            DeliveryState two = tickUntil(after, T0 + 10_000, "job-2", s -> s.state() == State.DELIVERED);
            assertEquals(1, two.attempts());
        }
        assertEquals(3, receiver.requests().size());
    }

    @Test
    void aRefusedAddressIsRetriedLaterWithThePolicysReason() {
        try (WebhookSender strict = new WebhookSender(WebhookSenderTest.NO_ALLOW_LIST); Deliveries d = new Deliveries(log, strict, now::get)) {
            d.schedule("job-1", receiver.url(), BODY, T0);
            DeliveryState retry = tickUntil(d, T0, "job-1", s -> s.attempts() == 1);
            assertEquals(State.PENDING, retry.state());
            assertTrue(retry.lastError().contains("PREWARM_WEBHOOK_ALLOW"), retry.lastError());
            assertEquals(T0 + 10_000, retry.nextAttemptAt());
        }
        assertTrue(receiver.requests().isEmpty());
    }

    @Test
    void atMostThirtyTwoAttemptsAreInFlight() {
        receiver.hold();
        try (Deliveries d = deliveries()) {
            IntStream.range(0, 40).forEach(i -> d.schedule("job-" + i, receiver.url(), BODY, T0));
            d.tick(T0);
            assertEquals(Deliveries.MAX_IN_FLIGHT, d.inFlight());
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == Deliveries.MAX_IN_FLIGHT);
            receiver.release();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                d.tick(T0);
                return IntStream.range(0, 40).allMatch(i -> log.of("job-" + i).state() == State.DELIVERED);
            });
            assertEquals(0, d.inFlight());
        }
        assertEquals(40, receiver.requests().size());
    }

    @Test
    void closeCancelsAttemptsInFlightAndLeavesThemPending() {
        receiver.hold();
        Deliveries d = deliveries();
        d.schedule("job-1", receiver.url(), BODY, T0);
        d.tick(T0);
        assertEquals(1, d.inFlight());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() == 1);
        d.close();
        assertEquals(0, d.inFlight());
        DeliveryState s = log.of("job-1");
        assertEquals(State.PENDING, s.state());
        assertEquals(0, s.attempts());
    }
}
