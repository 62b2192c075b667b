package io.prewarm.launcher.bench;

import java.util.List;

/** Percentiles of a set of durations in milliseconds. */
record Stats(int count, double p50, double p99, double max) {

    static Stats of(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Stats(0, 0, 0, 0);
        }
        return new Stats(sorted.length, at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static double at(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

}
