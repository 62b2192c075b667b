package io.prewarm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prewarm.webhooks.Backoff.Verdict;
import io.prewarm.webhooks.DeliveryState.State;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackoffTest {
    private static final long T0 = 1_700_000_000_000L;

    private static DeliveryState after(int attempts, long createdAt) {
        DeliveryState s = DeliveryState.first("job-1", "https://example.com/hook", "{}", createdAt);
        for (int i = 0; i < attempts; i++) {
            s = s.attempted(State.PENDING, createdAt, 500, null, 0);
        }
        return s;
    }

    @Test
    void scheduleIsTenAndThirtySecondsThenMinutesThenHourly() {
        List<Duration> expected = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(1));
        for (int attempt = 1; attempt <= expected.size(); attempt++) {
            assertEquals(expected.get(attempt - 1), Backoff.delayAfter(attempt), "after attempt " + attempt);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsAreDelivered(int status) {
        assertEquals(Verdict.DELIVERED, Backoff.classify(Attempt.answered(status, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
    void serverErrorsTimeoutsAndThrottlingAreRetried(int status) {
        assertEquals(Verdict.RETRY, Backoff.classify(Attempt.answered(status, null)));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308, 400, 401, 403, 404, 405, 410, 413, 422})
    void redirectsAndOtherClientErrorsFail(int status) {
        assertEquals(Verdict.FAILED, Backoff.classify(Attempt.answered(status, null)));
    }

    @Test
    void noAnswerIsRetried() {
        assertEquals(Verdict.RETRY, Backoff.classify(Attempt.failed("cannot connect: Connection refused")));
        assertEquals(Verdict.RETRY, Backoff.classify(Attempt.failed("host cb.example resolves to 10.0.0.1, a loopback ...")));
    }

    @Test
    void aRetryIsDueAfterTheScheduledDelayWithTheSameDeliveryId() {
        DeliveryState first = after(0, T0);
        DeliveryState next = Backoff.next(first, Attempt.answered(500, null), T0 + 1_000);
        assertEquals(State.PENDING, next.state());
        assertEquals(1, next.attempts());
        assertEquals(T0 + 11_000, next.nextAttemptAt());
        assertEquals(500, next.lastStatus());
        assertEquals(first.deliveryId(), next.deliveryId());
        DeliveryState third = Backoff.next(after(2, T0), Attempt.failed("timed out"), T0 + 60_000);
        assertEquals(T0 + 120_000, third.nextAttemptAt());
        assertEquals("timed out", third.lastError());
        assertNull(third.lastStatus());
    }

    @Test
    void deliveredAndFailedAreFinal() {
        DeliveryState delivered = Backoff.next(after(1, T0), Attempt.answered(204, null), T0 + 12_000);
        assertEquals(State.DELIVERED, delivered.state());
        assertEquals(2, delivered.attempts());
        assertEquals(T0 + 12_000, delivered.deliveredAt());
        assertEquals(0, delivered.nextAttemptAt());
        DeliveryState failed = Backoff.next(after(0, T0), Attempt.answered(404, null), T0);
        assertEquals(State.FAILED, failed.state());
        assertEquals(404, failed.lastStatus());
        assertEquals(0, failed.deliveredAt());
    }

    @Test
    void retryAfterOf429And503IsHonouredAndCappedAtAnHour() {
        assertEquals(T0 + 120_000, Backoff.next(after(0, T0), Attempt.answered(429, Duration.ofSeconds(120)), T0).nextAttemptAt());
        assertEquals(T0 + 3_600_000, Backoff.next(after(0, T0), Attempt.answered(503, Duration.ofHours(5)), T0).nextAttemptAt());
        // never sooner than the schedule, and only those two statuses ask
        assertEquals(T0 + 10_000, Backoff.next(after(0, T0), Attempt.answered(429, Duration.ofSeconds(1)), T0).nextAttemptAt());
        assertEquals(T0 + 10_000, Backoff.next(after(0, T0), Attempt.answered(500, Duration.ofSeconds(600)), T0).nextAttemptAt());
    }

    @Test
    void givesUpWhenTheNextAttemptWouldFallMoreThanADayAfterCreation() {
        long created = T0;
        long late = created + Duration.ofHours(23).plusMinutes(30).toMillis();
        DeliveryState gaveUp = Backoff.next(after(20, created), Attempt.answered(502, null), late);
        assertEquals(State.GAVE_UP, gaveUp.state());
        assertEquals(21, gaveUp.attempts());
        assertEquals(502, gaveUp.lastStatus());
        long justInTime = created + Duration.ofHours(23).toMillis();
        DeliveryState still = Backoff.next(after(20, created), Attempt.answered(502, null), justInTime);
        assertEquals(State.PENDING, still.state());
        assertEquals(created + Duration.ofHours(24).toMillis(), still.nextAttemptAt());
    }

    @Test
    void retryAfterHeaderIsReadInSecondsOnly() {
        assertEquals(Duration.ofSeconds(120), Backoff.retryAfter("120"));
        assertEquals(Duration.ofSeconds(5), Backoff.retryAfter(" 5 "));
        assertNull(Backoff.retryAfter(null));
        assertNull(Backoff.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(Backoff.retryAfter("-1"));
        assertNull(Backoff.retryAfter("99999999999999999999"));
    }
}
