package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The readiness decision with checks injected (no broker, no Streams): who makes it DOWN and what it says. */
class ReadinessTest {
    private final AtomicReference<String> status = new AtomicReference<>("RUNNING");
    private final AtomicReference<String> expander = new AtomicReference<>("RUNNING");
    private final AtomicReference<HealthCheck.Result> kafka = new AtomicReference<>(HealthCheck.Result.up("UP (1 broker)"));
    private final Readiness readiness = new Readiness()
            .add("kafka", kafka::get)
            .add("streams.status", HealthCheck.stateIs(status::get, "RUNNING"))
            .add("streams.expander", HealthCheck.stateIs(expander::get, "RUNNING"));

    @Test
    void readyWhenKafkaIsReachableAndEveryStreamsAppRuns() {
        Readiness.Report r = readiness.evaluate();
        assertTrue(r.up());
        assertEquals("UP", r.status());
        assertEquals(Map.of("kafka", "UP (1 broker)", "streams.status", "RUNNING", "streams.expander", "RUNNING"), r.checks());
        assertEquals(List.of("kafka", "streams.status", "streams.expander"), List.copyOf(r.checks().keySet()), "checks keep their order");
    }

    @Test
    void aRebalancingStreamsAppMakesItDownAndIsNamed() {
        status.set("REBALANCING");
        Readiness.Report r = readiness.evaluate();
        assertFalse(r.up());
        assertEquals("DOWN", r.status());
        assertEquals("REBALANCING", r.checks().get("streams.status"));
        assertEquals("RUNNING", r.checks().get("streams.expander"));
    }

    @Test
    void anUnreachableBrokerMakesItDownWithTheReason() {
        kafka.set(HealthCheck.Result.down("unreachable: no answer within 2000 ms"));
        Readiness.Report r = readiness.evaluate();
        assertFalse(r.up());
        assertEquals("unreachable: no answer within 2000 ms", r.checks().get("kafka"));
    }

    @Test
    void aCheckThatThrowsCountsAsFailedWithoutHidingTheOthers() {
        Readiness.Report r = new Readiness()
                .add("kafka", () -> {
                    throw new IllegalStateException("admin closed");
                })
                .add("streams.status", HealthCheck.stateIs(status::get, "RUNNING"))
                .evaluate();
        assertFalse(r.up());
        assertEquals("check failed: java.lang.IllegalStateException: admin closed", r.checks().get("kafka"));
        assertEquals("RUNNING", r.checks().get("streams.status"));
    }

    @Test
    void noChecksMeansReady() {
        assertTrue(new Readiness().evaluate().up());
    }

    @Test
    void aNameCanBeUsedOnce() {
        assertThrows(IllegalArgumentException.class, () -> readiness.add("kafka", kafka::get));
    }

    @Test
    void aCachedCheckAsksAgainOnlyAfterItsTtl() {
        AtomicLong nanos = new AtomicLong(-5_000_000_000L);
        AtomicInteger calls = new AtomicInteger();
        HealthCheck cached = HealthCheck.cached(() -> HealthCheck.Result.up("call " + calls.incrementAndGet()), Duration.ofSeconds(2), nanos::get);

        assertEquals("call 1", cached.check().detail());
        nanos.addAndGet(1_999_999_999L);
        assertEquals("call 1", cached.check().detail(), "within the TTL the last answer is reused");
        nanos.addAndGet(1);
        assertEquals("call 2", cached.check().detail());
        assertEquals(2, calls.get());
    }

    @Test
    void aCachedFailureIsAlsoReusedThenRecovers() {
        AtomicLong nanos = new AtomicLong();
        HealthCheck cached = HealthCheck.cached(kafka::get, Duration.ofSeconds(2), nanos::get);
        kafka.set(HealthCheck.Result.down("unreachable: x"));
        assertFalse(cached.check().up());
        kafka.set(HealthCheck.Result.up("UP (1 broker)"));
        assertFalse(cached.check().up());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertTrue(cached.check().up());
    }
}
