package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.ResultBatch.PopBackoff;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One warmer's PoP circuits on a clock the test moves, with the jitter at its top (waits are exact). */
class PopCircuitsTest {
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private Instant now = Instant.parse("2025-03-01T07:12:03Z");
    private final PopCircuits circuits = new PopCircuits(new PopCircuits.Settings(3, Duration.ofSeconds(5), Duration.ofMinutes(10),
            Duration.ofSeconds(35), "w1"), (InstantSource) () -> now, () -> 1.0);

    private long millis() {
        return now.toEpochMilli();
    }

    private void advance(Duration d) {
        now = now.plus(d);
    }

    private void overloads(String pop, int n, String retryAfter) {
        for (int i = 0; i < n; i++) {
            circuits.overloaded(pop, "HTTP 503", retryAfter);
        }
    }

    @Test
    void itOpensAfterThreeOverloadsInARowAndAnAnswerBetweenThemStartsTheCountAgain() {
        overloads(ATL, 2, null);
        circuits.answered(ATL, "HTTP 200");
        overloads(ATL, 2, null);
        assertInstanceOf(PopCircuits.Go.class, circuits.gate(ATL));

        overloads(ATL, 1, null);
        assertEquals(new PopCircuits.Held(millis() + 1_000), circuits.gate(ATL), "1 s first");
        assertInstanceOf(PopCircuits.Go.class, circuits.gate(DFW), "the other PoPs go on");
        PopBackoff open = circuits.changes().get(0).word();
        assertEquals(new PopBackoff(ATL, true, "HTTP 503 x3", millis(), millis() + 1_000, "w1", millis()), open);
    }

    @Test
    void aRetryAfterInSecondsOrAsADateIsHonouredUpToTenMinutes() {
        overloads(ATL, 3, "30");
        assertEquals(new PopCircuits.Held(millis() + 30_000), circuits.gate(ATL));

        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(90).atOffset(ZoneOffset.UTC));
        overloads(DFW, 3, at);
        assertEquals(new PopCircuits.Held(millis() + 90_000), circuits.gate(DFW));

        overloads("IAD89-P1", 3, "86400");
        assertEquals(new PopCircuits.Held(millis() + 600_000), circuits.gate("IAD89-P1"));
    }

    @Test
    void halfOpenLetsOneProbeGoAndAnOverloadedProbeDoublesTheWaitUpToTheMaximum() {
        overloads(ATL, 3, null);
        long[] waits = {2_000, 4_000, 5_000, 5_000};
        advance(Duration.ofSeconds(1));
        for (long wait : waits) {
            assertInstanceOf(PopCircuits.Probe.class, circuits.gate(ATL));
            circuits.probing(ATL);
            assertInstanceOf(PopCircuits.Held.class, circuits.gate(ATL), "one probe at a time");
            overloads(ATL, 1, null);
            assertEquals(new PopCircuits.Held(millis() + wait), circuits.gate(ATL));
            advance(Duration.ofMillis(wait));
        }
    }

    @Test
    void aProbeThatIsAnsweredClosesTheCircuitAndEveryJobToldHearsIt() {
        overloads(ATL, 3, "2");
        circuits.changes();
        assertTrue(circuits.tell(ATL, "job-a").isPresent());
        assertTrue(circuits.tell(ATL, "job-a").isEmpty(), "once per back-off");
        circuits.told(ATL, "job-b");
        advance(Duration.ofSeconds(2));
        assertInstanceOf(PopCircuits.Probe.class, circuits.gate(ATL));
        circuits.probing(ATL);

        circuits.answered(ATL, "HTTP 200");
        assertInstanceOf(PopCircuits.Go.class, circuits.gate(ATL));
        List<PopCircuits.Change> changes = circuits.changes();
        assertEquals(1, changes.size());
        assertFalse(changes.get(0).word().open());
        assertEquals("answers again (HTTP 200)", changes.get(0).word().reason());
        assertEquals(Set.of("job-a", "job-b"), changes.get(0).told());
        assertFalse(circuits.anyOpen());
    }

    @Test
    void aPopBackedOffForTooLongFailsItsTasksUnsentButStillTakesProbes() {
        overloads(ATL, 3, "30");
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofSeconds(30));
            assertInstanceOf(PopCircuits.Probe.class, circuits.gate(ATL));
            circuits.probing(ATL);
            overloads(ATL, 1, "30");
        }
        PopCircuits.Gate gate = circuits.gate(ATL);
        assertEquals(new PopCircuits.GiveUp("not sent: PoP ATL56-C1 backed off since 07:12:03Z (HTTP 503 x23, Retry-After: 30)"), gate);
        advance(Duration.ofSeconds(30));
        assertInstanceOf(PopCircuits.Probe.class, circuits.gate(ATL));
    }

    @Test
    void aRetryWaitsForTheCircuitAndTakesTheProbeWhenHalfOpen() {
        overloads(ATL, 3, "5");
        assertEquals(5_000, circuits.retryWaitMillis(ATL));
        advance(Duration.ofSeconds(5));
        assertEquals(0, circuits.retryWaitMillis(ATL), "the retry is the probe");
        assertEquals(35_000, circuits.retryWaitMillis(ATL), "the next waits for the probe's answer");
    }

    @Test
    void theGaugeCountsThePopsBackedOffNow() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new WarmerMetrics(registry).popsBackedOff(circuits::openCount);
        var gauge = registry.get("prewarm.pop.backoff.open").gauge();
        assertEquals(0, gauge.value());

        overloads(ATL, 3, null);
        overloads(DFW, 2, null);
        assertEquals(1, gauge.value(), "DFW is not backed off yet");
        overloads(DFW, 1, null);
        assertEquals(2, gauge.value());
        circuits.answered(ATL, "HTTP 200");
        assertEquals(1, gauge.value());
    }
}
