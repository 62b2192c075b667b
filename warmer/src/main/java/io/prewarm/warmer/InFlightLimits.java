package io.prewarm.warmer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many warm requests one warmer may run at once, overall and at one PoP, and how many it runs
 * now. The consumer loop takes a slot before it starts a task; whichever thread ends the task (an
 * HTTP callback, a producer callback) gives it back, and must do so on every path, or the warmer
 * slowly stops warming. The loop and the shutdown drain wait here for slots to come back.
 */
final class InFlightLimits {
    private final int maxTotal;
    private final int maxPerPop;
    private final Map<String, Integer> perPop = new HashMap<>();
    private int total;
    private long releases;

    InFlightLimits(int maxTotal, int maxPerPop) {
        this.maxTotal = maxTotal;
        this.maxPerPop = maxPerPop;
    }

    /** Whether no task at any PoP may start now. */
    synchronized boolean isFull() {
        return total >= maxTotal;
    }

    /** Takes a slot at {@code pop} if there is room overall and there; the caller must {@link #release} it exactly once. */
    synchronized boolean tryAcquire(String pop) {
        int atPop = perPop.getOrDefault(pop, 0);
        if (total >= maxTotal || atPop >= maxPerPop) {
            return false;
        }
        perPop.put(pop, atPop + 1);
        total++;
        return true;
    }

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
        releases++;
        notifyAll();
    }

    synchronized int inFlight() {
        return total;
    }

    synchronized int inFlight(String pop) {
        return perPop.getOrDefault(pop, 0);
    }

    /** How many slots were given back so far: a mark for {@link #awaitReleaseAfter}. */
    synchronized long releases() {
        return releases;
    }

    /** Waits, at most {@code max}, until a slot comes back after the mark {@code seen} (at once when one did, or none is taken). */
    synchronized void awaitReleaseAfter(long seen, Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        long left;
        while (releases == seen && total > 0 && (left = until - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits, at most {@code max}, until no slot is taken; whether that happened. */
    synchronized boolean awaitIdle(Duration max) throws InterruptedException {
        long until = System.nanoTime() + max.toNanos();
        long left;
        while (total > 0 && (left = until - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return total == 0;
    }
}
