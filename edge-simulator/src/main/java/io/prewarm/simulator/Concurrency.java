package io.prewarm.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests being answered (from their arrival until their answer starts), per PoP and in
 * all, and remembers the peaks: how a test checks that a warmer keeps to its in-flight limits.
 * Stalled requests are not counted.
 */
final class Concurrency {
    private final Map<String, AtomicInteger[]> perPop = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger totalPeak = new AtomicInteger();

    void enter(String pop) {
        AtomicInteger[] c = perPop.computeIfAbsent(pop, p -> new AtomicInteger[] {new AtomicInteger(), new AtomicInteger()});
        c[1].accumulateAndGet(c[0].incrementAndGet(), Math::max);
        totalPeak.accumulateAndGet(total.incrementAndGet(), Math::max);
    }

    void exit(String pop) {
        perPop.get(pop)[0].decrementAndGet();
        total.decrementAndGet();
    }

    int peak(String pop) {
        AtomicInteger[] c = perPop.get(pop);
        return c == null ? 0 : c[1].get();
    }

    int peak() {
        return totalPeak.get();
    }
}
