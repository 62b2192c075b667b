package io.prewarm.warmer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How much one warmer may hold at once, and how much it holds now: warm requests running (overall
 * and at one PoP) and results of finished requests not yet acknowledged by Kafka. A slot is held
 * only for the HTTP exchange, so the edge's latency alone decides how many are needed; the results
 * behind them are bounded on their own, so a slow broker stops new tasks instead of filling the
 * heap. The consumer loop takes a slot before it starts a task; whichever thread ends the exchange
 * gives it back, and whichever ends the result's delivery settles it, on every path, or the warmer
 * slowly stops warming. The loop waits here for room, woken only once a worthwhile amount came
 * back (not on every finished task), and the shutdown drain waits for everything to come back.
 */
final class InFlightLimits {
    private final int maxTotal;
    private final int maxPerPop;
    private final int maxPendingResults;
    private final int wakeAfter;
    private final Map<String, Integer> perPop = new HashMap<>();
    private int total;
    private int pendingResults;
    private long freed;
    private long wakeAt = Long.MAX_VALUE;

    InFlightLimits(int maxTotal, int maxPerPop, int maxPendingResults) {
        this.maxTotal = maxTotal;
        this.maxPerPop = maxPerPop;
        this.maxPendingResults = maxPendingResults;
        // an eighth of the smaller limit: few wake-ups at high rates, and a PoP that is the only one
        // with work (where every free slot counts) is refilled before it is an eighth idle
        this.wakeAfter = Math.max(1, Math.min(maxTotal, maxPerPop) / 8);
    }

    /** Whether no task at any PoP may start now: every slot is taken, or too many results await their acknowledgement. */
    synchronized boolean isFull() {
        return total >= maxTotal || pendingResults >= maxPendingResults;
    }

    /** Takes a slot at {@code pop} if there is room overall and there; the caller must {@link #release} it exactly once. */
    synchronized boolean tryAcquire(String pop) {
        int atPop = perPop.getOrDefault(pop, 0);
        if (isFull() || atPop >= maxPerPop) {
            return false;
        }
        perPop.put(pop, atPop + 1);
        total++;
        return true;
    }

    /** The warm request at {@code pop} ended: its slot comes back. */
    synchronized void release(String pop) {
        Integer atPop = perPop.get(pop);
        if (atPop == null) {
            throw new IllegalStateException("no slot taken at " + pop);
        }
        if (atPop == 1) {
            perPop.remove(pop);
        } else {
            perPop.put(pop, atPop - 1);
        }
        total--;
        freed();
    }

    /** A finished request's result now awaits Kafka's acknowledgement; the caller must {@link #resultSettled} it exactly once. */
    synchronized void resultPending() {
        pendingResults++;
    }

    /** A result was acknowledged, or will not be. */
    synchronized void resultSettled() {
        if (pendingResults == 0) {
            throw new IllegalStateException("no result pending");
        }
        pendingResults--;
        freed();
    }

    private void freed() {
        freed++;
        if (freed >= wakeAt || (total == 0 && pendingResults == 0)) {
            notifyAll();
        }
    }

    synchronized int inFlight() {
        return total;
    }

    synchronized int inFlight(String pop) {
        return perPop.getOrDefault(pop, 0);
    }

    synchronized int pendingResults() {
        return pendingResults;
    }

    /** How many slots and results came back so far: a mark for {@link #awaitFreedAfter}. */
    synchronized long freedCount() {
        return freed;
    }

    /**
     * Waits, at most {@code max}, until a worthwhile amount of slots and results came back after
     * the mark {@code seen} (at once when it did, or nothing is held).
     */
    synchronized void awaitFreedAfter(long seen, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        long left;
        wakeAt = seen + wakeAfter;
        try {
            while (freed < wakeAt && (total > 0 || pendingResults > 0) && (left = until - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        } finally {
            wakeAt = Long.MAX_VALUE;
        }
    }

    /** Waits, at most {@code max}, until no slot is taken and no result is pending; whether that happened. */
    synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        long left;
        while ((total > 0 || pendingResults > 0) && (left = until - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return total == 0 && pendingResults == 0;
    }
}
