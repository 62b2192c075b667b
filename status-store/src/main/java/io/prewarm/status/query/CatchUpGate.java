package io.prewarm.status.query;

import java.time.Duration;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an instance from answering with state older than what was already answered. Under
 * exactly-once, queries read uncommitted state; when an instance crashes, whoever takes its
 * partitions restores the last committed state (up to a commit interval older) and then replays
 * the rest of the input. Answering during that replay could take a FAILED job back to IN_PROGRESS.
 * So after every change of this instance's partitions, queries wait (503) until the consumer has
 * read its input partitions to the end and a settle time has passed for the records read to be
 * processed: one and a half commit intervals, see {@link #settleTime}. A bound keeps a missing
 * metric from closing the gate forever.
 */
final class CatchUpGate {
    private static final Logger LOG = LoggerFactory.getLogger(CatchUpGate.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final InputProgress input;
    private final long settleNanos;
    private final LongSupplier nanos;
    private Set<TopicPartition> inputs = Set.of();
    private long assignedAt;
    private long caughtUpAt = -1;

    /**
     * @param settle how long after reading to the end the gate stays closed
     * @param nanos  the clock, {@code System::nanoTime} outside tests
     */
    CatchUpGate(InputProgress input, Duration settle, LongSupplier nanos) {
        this.input = input;
        this.settleNanos = settle.toNanos();
        this.nanos = nanos;
    }

    /** The settle time for a Streams app committing every {@code commitInterval}: the records read are processed and committed by then. */
    static Duration settleTime(Duration commitInterval) {
        return commitInterval.multipliedBy(3).dividedBy(2);
    }

    /** Whether local answers are at least as new as any answer given before the last takeover. */
    synchronized boolean ready() {
        long now = nanos.getAsLong();
        Set<TopicPartition> current = input.activeInputs();
        if (!current.equals(inputs)) {
            inputs = current;
            assignedAt = now;
            caughtUpAt = -1;
        }
        if (caughtUpAt < 0) {
            if (input.readToTheEnd().containsAll(current)) {
                caughtUpAt = now;
            } else if (now - assignedAt > MAX_WAIT.toNanos()) {
                LOG.warn("status store: no consumer lag figures for {} after {} s; answering anyway", current, MAX_WAIT.toSeconds());
                caughtUpAt = now - settleNanos;
            }
        }
        return caughtUpAt >= 0 && now - caughtUpAt >= settleNanos;
    }
}
