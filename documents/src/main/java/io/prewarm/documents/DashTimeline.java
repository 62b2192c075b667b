package io.prewarm.documents;

import java.util.Arrays;

/**
 * A {@code SegmentTimeline}'s {@code <S t d r>} entries, kept as three growing arrays of longs:
 * the entries are the compact form the URLs are computed from, never the URLs themselves. An
 * absent {@code t} is {@link #NO_TIME}.
 */
final class DashTimeline {
    static final long NO_TIME = Long.MIN_VALUE;
    private long[] times = new long[8];
    private long[] durations = new long[8];
    private long[] repeats = new long[8];
    private int size;

    void add(long time, long duration, long repeat) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            durations = Arrays.copyOf(durations, size * 2);
            repeats = Arrays.copyOf(repeats, size * 2);
        }
        times[size] = time;
        durations[size] = duration;
        repeats[size] = repeat;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    long duration(int i) {
        return durations[i];
    }

    long repeat(int i) {
        return repeats[i];
    }
}
