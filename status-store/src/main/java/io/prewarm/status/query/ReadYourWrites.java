package io.prewarm.status.query;

import io.prewarm.contract.Apps;
import io.prewarm.contract.Topics;
import io.prewarm.status.fold.FoldProgress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WrittenBefore} from Kafka's offsets. "Read up to end offset E": E is the read_committed end
 * (last stable offset), but a producer's commit returns before the broker has written its markers,
 * so for a few milliseconds after the ack the last stable offset is still before the records
 * (measured: a cancel acknowledged was not yet below it). So E is the last stable offset once it
 * has reached the call's high watermark, or {@link #MARKER_GRACE} later at the latest, capped at
 * that high watermark: a transaction still open then (an expander's big one, say) was not committed
 * before the call and is not waited for. The reader's progress c is the larger of its group's
 * committed offset and, for this instance's fold, one past the last jobs record it folded
 * ({@link FoldProgress}, ahead of the commit by up to a commit interval). c >= E is caught up; c < E
 * need not mean records are unread, since transaction markers and aborted records take offsets too,
 * so then {@link Offsets#firstData} decides. Until caught up it looks again whenever the fold moves,
 * or every {@value #RECHECK_MS} ms. A Kafka error counts as "not yet": the caller's deadline turns
 * it into a 503.
 */
public final class ReadYourWrites implements WrittenBefore {
    private static final Logger LOG = LoggerFactory.getLogger(ReadYourWrites.class);
    static final long RECHECK_MS = 50;
    /** How long after a commit was acknowledged its markers may take to make it visible. */
    static final Duration MARKER_GRACE = Duration.ofMillis(500);
    /** How soon a wait looks again for markers, or after the fold was seen moving. */
    private static final long SOON_MS = 10;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** What this needs from Kafka: a seam for tests. */
    interface Offsets {
        List<TopicPartition> partitions(String topic);

        /**
         * The end offsets: with {@code committed}, the last stable offsets (before the first record of a
         * transaction not yet committed or aborted), else the high watermarks (every record written).
         */
        Map<TopicPartition, Long> ends(List<TopicPartition> partitions, boolean committed);

        /** The offsets {@code group} committed; a partition it never committed is absent. */
        Map<TopicPartition, Long> committed(String group, List<TopicPartition> partitions);

        /**
         * The offset of the first committed data record in [from, to) of {@code tp}, empty when there is
         * none; {@code from} when that cannot be told by the deadline.
         */
        OptionalLong firstData(TopicPartition tp, long from, long to, long deadlineNanos);
    }

    /** How the wait between two looks is spent: until the fold moves or {@code millis} pass. */
    interface Pause {
        void await(long millis) throws InterruptedException;
    }

    private final Offsets offsets;
    private final FoldProgress fold;
    private final LongSupplier nanos;
    private final Pause pause;
    private volatile long lastWarned;

    public ReadYourWrites(Offsets offsets, FoldProgress fold) {
        this(offsets, fold, System::nanoTime, fold::awaitMore);
    }

    ReadYourWrites(Offsets offsets, FoldProgress fold, LongSupplier nanos, Pause pause) {
        this.offsets = offsets;
        this.fold = fold;
        this.nanos = nanos;
        this.pause = pause;
    }

    @Override
    public boolean awaitJobs(int partition, long deadlineNanos) {
        return awaitJobs(partition, deadlineNanos, () -> false);
    }

    @Override
    public boolean awaitJobs(int partition, long deadlineNanos, BooleanSupplier enough) {
        TopicPartition tp = new TopicPartition(Topics.JOBS.name(), partition);
        return await(Apps.STATUS, List.of(tp), true, deadlineNanos, enough);
    }

    @Override
    public boolean awaitExpander(long deadlineNanos) {
        return await(Apps.EXPANDER, null, false, deadlineNanos, () -> false);
    }

    /** @param partitions null: every partition of prewarm.requests */
    private boolean await(String group, List<TopicPartition> partitions, boolean local, long deadlineNanos, BooleanSupplier enough) {
        Wait wait = new Wait(group, partitions, local, deadlineNanos);
        while (true) {
            try {
                if (enough.getAsBoolean() || wait.done()) {
                    return true;
                }
            } catch (KafkaException e) {
                warn(group, e);
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - nanos.getAsLong());
            if (left <= 0) {
                return false;
            }
            try {
                pause.await(Math.min(left, wait.ends == null || wait.deferred ? SOON_MS : RECHECK_MS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * One wait: the ends fixed at its start, and what it learnt since, so that a fold busy with the
     * records it waits for costs no Kafka call per look: a data record found at offset d means "not
     * yet" until the reader is past d, and while this instance's fold is still moving it is looked
     * at again when it stops.
     */
    private final class Wait {
        private final String group;
        private final boolean local;
        private final long deadlineNanos;
        private final long graceUntil = nanos.getAsLong() + MARKER_GRACE.toNanos();
        private final Map<TopicPartition, Long> dataAt = new HashMap<>();
        private final Map<TopicPartition, Long> lastLocal = new HashMap<>();
        private List<TopicPartition> partitions;
        private Map<TopicPartition, Long> written;
        private Map<TopicPartition, Long> ends;
        /** The last look saw the fold moving: the next one comes soon, when it has stopped. */
        private boolean deferred;

        Wait(String group, List<TopicPartition> partitions, boolean local, long deadlineNanos) {
            this.group = group;
            this.partitions = partitions;
            this.local = local;
            this.deadlineNanos = deadlineNanos;
        }

        boolean done() {
            partitions = partitions != null ? partitions : offsets.partitions(Topics.REQUESTS.name());
            written = written != null ? written : offsets.ends(partitions, false);
            ends = ends != null ? ends : committedEnds(nanos.getAsLong() - graceUntil >= 0);
            if (ends == null) {
                return false;
            }
            Map<TopicPartition, Long> committed = null;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                TopicPartition tp = end.getKey();
                long folded = local ? fold.next(tp.partition()).orElse(0) : 0;
                if (folded >= end.getValue()) {
                    continue;
                }
                Long known = dataAt.get(tp);
                deferred = local && known != null && !Long.valueOf(folded).equals(lastLocal.put(tp, folded));
                if (local && known != null && (folded <= known || deferred)) {
                    return false;
                }
                committed = committed != null ? committed : offsets.committed(group, List.copyOf(ends.keySet()));
                long c = Math.max(folded, committed.getOrDefault(tp, 0L));
                if (c < end.getValue() && !(known != null && c <= known)) {
                    OptionalLong data = offsets.firstData(tp, c, end.getValue(), deadlineNanos);
                    data.ifPresent(d -> dataAt.put(tp, d));
                    known = data.isPresent() ? data.getAsLong() : null;
                }
                if (c < end.getValue() && known != null && c <= known) {
                    return false;
                }
            }
            return true;
        }

        /**
         * What must be read: of the records {@code written} before the call, those committed. Null while
         * some are in transactions not yet visible as committed, until the grace ends: their commit may
         * have been acknowledged before the call, its markers still on their way.
         */
        private Map<TopicPartition, Long> committedEnds(boolean graceOver) {
            Map<TopicPartition, Long> stable = offsets.ends(partitions, true);
            if (!graceOver && written.entrySet().stream().anyMatch(w -> stable.getOrDefault(w.getKey(), 0L) < w.getValue())) {
                return null;
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            written.forEach((tp, w) -> out.put(tp, Math.min(w, stable.getOrDefault(tp, 0L))));
            return out;
        }
    }

    private void warn(String group, KafkaException e) {
        long now = nanos.getAsLong();
        if (lastWarned == 0 || now - lastWarned > WARN_EVERY_NANOS) {
            lastWarned = now;
            LOG.warn("status store: cannot tell how far {} has read ({}); unknown requestIDs answer 503 meanwhile", group, e.toString());
        }
    }
}
