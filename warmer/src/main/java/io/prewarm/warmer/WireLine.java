package io.prewarm.warmer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The line a capped job's requests (or, under the process cap only, every uncapped job's) wait in
 * at the wire, in arrival order. A request goes when its buckets have a token at the moment it is
 * let go, both or neither ({@link #offer}, {@link #drain}); nothing is reserved ahead. So after a
 * stall (a late timer, a pause of the JVM) at most a burst goes together, never the backlog of
 * every slot that came due meanwhile. Its buckets are guarded by their owner's lock
 * ({@link LocalJobs}), taken here too.
 */
final class WireLine {
    /** What {@link #offer} says: write now. */
    static final long NOW = -1;
    /** What {@link #offer} says: queued, and a drain is already due. */
    static final long DRAIN_DUE = Long.MAX_VALUE;

    /** The requests let go by a {@link #drain}, and nanoseconds until the next drain ({@link #NOW}: none, the line is empty). */
    record Drained(List<Runnable> go, long nextNanos) {
    }

    private final Object lock;
    private final TokenBucket job;
    private final TokenBucket process;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private boolean drainDue;

    /** A line taking from {@code job}'s and {@code process}'s wire buckets (either may be null), under {@code lock}. */
    WireLine(Object lock, TokenBucket job, TokenBucket process) {
        this.lock = lock;
        this.job = job;
        this.process = process;
    }

    /** {@link #NOW} when {@code send} may be written now (its tokens are taken); else it waits in line: drain in the nanoseconds returned. */
    long offer(Runnable send) {
        synchronized (lock) {
            if (waiting.isEmpty() && take()) {
                return NOW;
            }
            waiting.add(send);
            if (drainDue) {
                return DRAIN_DUE;
            }
            drainDue = true;
            return Math.max(1, nanosUntilToken());
        }
    }

    /** Lets go the requests at the head of the line that have a token now. */
    Drained drain() {
        synchronized (lock) {
            List<Runnable> go = new ArrayList<>();
            while (!waiting.isEmpty() && take()) {
                go.add(waiting.poll());
            }
            drainDue = !waiting.isEmpty();
            return new Drained(go, drainDue ? Math.max(1, nanosUntilToken()) : NOW);
        }
    }

    /** Nanoseconds until the line is empty at the earliest (0: it is), so a first attempt starting now would not wait in it. */
    long backlogNanos() {
        synchronized (lock) {
            if (waiting.isEmpty()) {
                return 0;
            }
            double rate = Math.min(job == null ? Double.MAX_VALUE : job.rate(), process == null ? Double.MAX_VALUE : process.rate());
            return Math.max(nanosUntilToken(), (long) ((waiting.size() - 1) / rate * 1e9));
        }
    }

    /** Takes the tokens of a request written without waiting in line (a fresh client's first), in debt if need be. */
    void charge() {
        synchronized (lock) {
            if (job != null) {
                job.reserve();
            }
            if (process != null) {
                process.reserve();
            }
        }
    }

    /** How many requests wait in line now. */
    int waiting() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    private boolean take() {
        if ((job != null && job.nanosUntilToken() > 0) || (process != null && process.nanosUntilToken() > 0)) {
            return false;
        }
        if (job != null) {
            job.tryTake();
        }
        if (process != null) {
            process.tryTake();
        }
        return true;
    }

    private long nanosUntilToken() {
        return Math.max(job == null ? 0 : job.nanosUntilToken(), process == null ? 0 : process.nanosUntilToken());
    }
}
