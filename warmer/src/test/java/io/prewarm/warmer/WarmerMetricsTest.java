package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** WarmerMetrics against a simple in-memory registry: what each kind of result adds to which meter. */
class WarmerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WarmerMetrics metrics = new WarmerMetrics(registry);

    private static WarmResult result(String pop, Outcome outcome, long elapsedMs) {
        return new WarmResult("r1", "https://www.example.com/a", pop, "gzip", outcome, outcome == Outcome.SUCCESS ? 200 : null,
                null, null, 0, elapsedMs, 1, null, 0);
    }

    private double count(String outcome, String pop) {
        var c = registry.find("prewarm.warm.requests").tag("outcome", outcome).tag("pop", pop).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void resultsAreCountedByOutcomeAndPop() {
        metrics.record(result("ATL56-C1", Outcome.SUCCESS, 10));
        metrics.record(result("ATL56-C1", Outcome.SUCCESS, 10));
        metrics.record(result("ATL56-C1", Outcome.FAILURE, 10));
        metrics.record(result("DFW55-C3", Outcome.SUCCESS, 10));
        metrics.record(result("DFW55-C3", Outcome.SKIPPED, 0));

        assertEquals(2, count("SUCCESS", "ATL56-C1"));
        assertEquals(1, count("FAILURE", "ATL56-C1"));
        assertEquals(1, count("SUCCESS", "DFW55-C3"));
        assertEquals(1, count("SKIPPED", "DFW55-C3"));
        assertEquals(0, count("FAILURE", "DFW55-C3"));
    }

    @Test
    void verifiedTasksAreCountedByWhatTheCheckFoundAndEveryCheckRequestIsCounted() {
        for (WarmResult.Verification v : new WarmResult.Verification[] {WarmResult.Verification.VERIFIED, WarmResult.Verification.VERIFIED,
            WarmResult.Verification.NOT_CACHED, WarmResult.Verification.ALREADY_CACHED}) {
            WarmResult r = result("ATL56-C1", Outcome.SUCCESS, 10);
            metrics.record(new WarmResult(r.requestID(), r.url(), r.pop(), r.acceptEncoding(), r.outcome(), 200, null, null, 0, 10, 1, null, 0,
                    null, null, v, null));
        }
        metrics.record(result("ATL56-C1", Outcome.SUCCESS, 10));
        metrics.verificationSent();
        metrics.verificationSent();

        assertEquals(2, registry.get("prewarm.warm.verifications").tag("verification", "VERIFIED").counter().count());
        assertEquals(1, registry.get("prewarm.warm.verifications").tag("verification", "NOT_CACHED").counter().count());
        assertEquals(1, registry.get("prewarm.warm.verifications").tag("verification", "ALREADY_CACHED").counter().count());
        assertEquals(0, registry.get("prewarm.warm.verifications").tag("verification", "CHECK_FAILED").counter().count(), "shown as 0 up front");
        assertEquals(2, registry.get("prewarm.warm.verification.requests").counter().count());
    }

    @Test
    void sentRequestsAreTimedByOutcomeAndSkippedOnesAreNot() {
        metrics.record(result("ATL56-C1", Outcome.SUCCESS, 120));
        metrics.record(result("DFW55-C3", Outcome.SUCCESS, 80));
        metrics.record(result("ATL56-C1", Outcome.FAILURE, 3_000));
        metrics.record(result("ATL56-C1", Outcome.SKIPPED, 0));

        Timer success = registry.get("prewarm.warm.duration").tag("outcome", "SUCCESS").timer();
        assertEquals(2, success.count());
        assertEquals(200, success.totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, registry.get("prewarm.warm.duration").tag("outcome", "FAILURE").timer().count());
        assertNull(registry.find("prewarm.warm.duration").tag("outcome", "SKIPPED").timer());
    }

    @Test
    void inFlightGaugeFollowsTheCounterItIsGiven() {
        AtomicInteger inFlight = new AtomicInteger();
        metrics.inFlight(inFlight::get);
        inFlight.set(7);
        assertEquals(7, registry.get("prewarm.warm.in.flight").gauge().value());
        inFlight.set(0);
        assertEquals(0, registry.get("prewarm.warm.in.flight").gauge().value());
    }

    @Test
    void pendingResultsGaugeFollowsTheCounterItIsGiven() {
        AtomicInteger pending = new AtomicInteger();
        metrics.pendingResults(pending::get);
        pending.set(300);
        assertEquals(300, registry.get("prewarm.warm.results.pending").gauge().value());
        pending.set(0);
        assertEquals(0, registry.get("prewarm.warm.results.pending").gauge().value());
    }

    @Test
    void tasksDroppedForACancelledJobAreCounted() {
        assertEquals(0, registry.get("prewarm.warm.tasks.cancelled").counter().count(), "shown before the first cancel");
        metrics.cancelled(5);
        metrics.cancelled(3);
        assertEquals(8, registry.get("prewarm.warm.tasks.cancelled").counter().count());
    }

    @Test
    void popsBeyondTheLimitAreCountedAsOther() {
        for (int i = 0; i < WarmerMetrics.MAX_POPS; i++) {
            metrics.record(result("P" + i, Outcome.SUCCESS, 1));
        }
        metrics.record(result("ZZZ99-Z9", Outcome.FAILURE, 1));
        metrics.record(result("P0", Outcome.FAILURE, 1));

        assertEquals(1, count("FAILURE", WarmerMetrics.OTHER_POP), "a new PoP past the limit");
        assertEquals(0, count("FAILURE", "ZZZ99-Z9"));
        assertEquals(1, count("FAILURE", "P0"), "a PoP seen before keeps its own series");
        assertEquals(WarmerMetrics.MAX_POPS + 1, registry.find("prewarm.warm.requests").counters().stream()
                .map(c -> c.getId().getTag("pop")).distinct().count());
    }
}
