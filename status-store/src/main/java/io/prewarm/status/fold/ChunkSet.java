package io.prewarm.status.fold;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Which chunks of a job the status store has seen, as an immutable sorted array: a job of 1,000
 * chunks keeps 1,000 ints, and a header updated for every result shares the same array instead of
 * copying it. Written in JSON as the array of chunk indexes (as the first version's set was).
 */
public final class ChunkSet {
    static final ChunkSet EMPTY = new ChunkSet(new int[0]);

    private final int[] sorted;

    private ChunkSet(int[] sorted) {
        this.sorted = sorted;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ChunkSet of(int[] indexes) {
        int[] sorted = indexes.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return new ChunkSet(distinct == sorted.length ? sorted : Arrays.copyOf(sorted, distinct));
    }

    public int size() {
        return sorted.length;
    }

    /** The {@code i}-th smallest index of the set. */
    public int at(int i) {
        return sorted[i];
    }

    public boolean contains(int index) {
        return Arrays.binarySearch(sorted, index) >= 0;
    }

    /** How many indexes of the set are below {@code bound}. */
    int countBelow(int bound) {
        int at = Arrays.binarySearch(sorted, bound);
        return at >= 0 ? at : -at - 1;
    }

    /** This set with {@code index} added (this set itself when it is there already). */
    ChunkSet with(int index) {
        int at = Arrays.binarySearch(sorted, index);
        if (at >= 0) {
            return this;
        }
        int insert = -at - 1;
        int[] next = new int[sorted.length + 1];
        System.arraycopy(sorted, 0, next, 0, insert);
        next[insert] = index;
        System.arraycopy(sorted, insert, next, insert + 1, sorted.length - insert);
        return new ChunkSet(next);
    }

    /** For Jackson only: the array itself, never handed to code that could change it. */
    @JsonValue
    private int[] json() {
        return sorted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkSet other && Arrays.equals(sorted, other.sorted);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sorted);
    }

    @Override
    public String toString() {
        return Arrays.toString(sorted);
    }
}
