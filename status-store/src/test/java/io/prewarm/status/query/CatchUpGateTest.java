package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** When a status instance may answer from its own stores after its partitions changed: a fake input and a hand-moved clock. */
class CatchUpGateTest {
    private static final TopicPartition JOBS_0 = new TopicPartition("prewarm.jobs", 0);
    private static final TopicPartition RESULTS_0 = new TopicPartition("prewarm.results", 0);
    private static final TopicPartition RESULTS_1 = new TopicPartition("prewarm.results", 1);
    private static final Duration SETTLE = CatchUpGate.settleTime(Duration.ofMillis(1000));

    private final FakeInput input = new FakeInput();
    private long now = 1_000_000_000L;
    private final CatchUpGate gate = new CatchUpGate(input, SETTLE, () -> now);

    private static final class FakeInput implements InputProgress {
        final Set<TopicPartition> active = new HashSet<>();
        final Set<TopicPartition> atEnd = new HashSet<>();

        @Override
        public Set<TopicPartition> activeInputs() {
            return Set.copyOf(active);
        }

        @Override
        public Set<TopicPartition> readToTheEnd() {
            return Set.copyOf(atEnd);
        }
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void settleTimeIsOneAndAHalfCommitIntervals() {
        assertEquals(Duration.ofMillis(1500), CatchUpGate.settleTime(Duration.ofSeconds(1)));
        assertEquals(Duration.ofMillis(150), CatchUpGate.settleTime(Duration.ofMillis(100)));
    }

    @Test
    void opensOnlyOnceEveryInputIsReadToTheEndAndTheSettleTimeHasPassed() {
        input.active.addAll(Set.of(JOBS_0, RESULTS_0));
        input.atEnd.add(JOBS_0);
        assertFalse(gate.ready());
        advance(Duration.ofSeconds(10));
        assertFalse(gate.ready(), "results partition still has lag");

        input.atEnd.add(RESULTS_0);
        assertFalse(gate.ready(), "read to the end just now: the records read are not processed yet");
        advance(SETTLE.minusNanos(1));
        assertFalse(gate.ready());
        advance(Duration.ofNanos(1));
        assertTrue(gate.ready());
    }

    @Test
    void aChangeOfAssignmentClosesTheGateAgain() {
        input.active.add(RESULTS_0);
        input.atEnd.add(RESULTS_0);
        gate.ready();
        advance(SETTLE);
        assertTrue(gate.ready());

        input.active.add(RESULTS_1);
        input.atEnd.add(RESULTS_1);
        assertFalse(gate.ready(), "a partition taken over: its state may be a commit interval old");
        advance(SETTLE);
        assertTrue(gate.ready());

        input.active.remove(RESULTS_1);
        assertFalse(gate.ready(), "losing a partition is a change of assignment too");
    }

    @Test
    void withoutLagFiguresItOpensAfterTheMaximumWait() {
        input.active.add(RESULTS_0);
        assertFalse(gate.ready());
        advance(CatchUpGate.MAX_WAIT);
        assertFalse(gate.ready(), "not before the maximum wait");
        advance(Duration.ofNanos(1));
        assertTrue(gate.ready());
    }

    @Test
    void theSettleTimeFollowsTheCommitInterval() {
        CatchUpGate fast = new CatchUpGate(input, CatchUpGate.settleTime(Duration.ofMillis(200)), () -> now);
        input.active.add(RESULTS_0);
        input.atEnd.add(RESULTS_0);
        assertFalse(fast.ready());
        advance(Duration.ofMillis(299));
        assertFalse(fast.ready());
        advance(Duration.ofMillis(1));
        assertTrue(fast.ready());
    }
}
