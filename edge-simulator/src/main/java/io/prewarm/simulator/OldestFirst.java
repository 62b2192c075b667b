package io.prewarm.simulator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The eviction of the simulated caches: past their capacity they forget their oldest entries first,
 * one for each new one, as a real edge evicts what was stored longest ago. What was just stored (a
 * warm request's object, about to be verified) stays, so a long benchmark keeps the simulator's
 * memory bounded without turning a verification into a false Miss.
 */
final class OldestFirst<K> {
    private final Queue<K> order = new ConcurrentLinkedQueue<>();
    private final int capacity;
    private final IntSupplier size;
    private final Consumer<K> forget;

    OldestFirst(int capacity, IntSupplier size, Consumer<K> forget) {
        this.capacity = capacity;
        this.size = size;
        this.forget = forget;
    }

    /** After {@code key} was added to the cache: the oldest keys forgotten while the cache is over its capacity. */
    void added(K key) {
        order.add(key);
        while (size.getAsInt() > capacity) {
            K oldest = order.poll();
            if (oldest == null) {
                return;
            }
            forget.accept(oldest);
        }
    }
}
