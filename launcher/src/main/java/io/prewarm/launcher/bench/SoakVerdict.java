package io.prewarm.launcher.bench;

import java.util.List;
import java.util.Optional;

/**
 * Whether one metric of a soak grows: the mean of its last third of minutes against the mean of its
 * middle third. The first third is left out because it is start-up (a cold JIT, empty stores and
 * caches filling); a leak shows as the last third above the middle one. A difference within the
 * metric's noise (10 % of the middle mean, or the metric's absolute floor if that is larger) is
 * flat. A run of fewer than three minutes has no thirds to compare; a minute whose value could not
 * be read (negative) is left out of its third.
 */
record SoakVerdict(String metric, double middle, double last, Trend trend) {
    static final double RELATIVE_NOISE = 0.10;

    /** How the last third compares with the middle third. */
    enum Trend { FLAT, GROWING, FALLING }

    /** The verdict on {@code perMinute} (one value per minute, in order), or empty when the run is too short to tell. */
    static Optional<SoakVerdict> judge(String metric, List<Double> perMinute, double floor) {
        int third = perMinute.size() / 3;
        if (third == 0) {
            return Optional.empty();
        }
        Optional<Double> middle = mean(perMinute.subList(third, 2 * third));
        Optional<Double> last = mean(perMinute.subList(perMinute.size() - third, perMinute.size()));
        if (middle.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        double noise = Math.max(floor, RELATIVE_NOISE * Math.abs(middle.get()));
        double change = last.get() - middle.get();
        Trend trend = change > noise ? Trend.GROWING : change < -noise ? Trend.FALLING : Trend.FLAT;
        return Optional.of(new SoakVerdict(metric, middle.get(), last.get(), trend));
    }

    private static Optional<Double> mean(List<Double> values) {
        double[] read = values.stream().mapToDouble(Double::doubleValue).filter(v -> v >= 0).toArray();
        if (read.length == 0) {
            return Optional.empty();
        }
        double sum = 0;
        for (double v : read) {
            sum += v;
        }
        return Optional.of(sum / read.length);
    }

    /** The verdict as one line of the soak's report. */
    String line() {
        return String.format("  %-20s middle third %12.1f   last third %12.1f   %s", metric, middle, last, trend.name().toLowerCase(java.util.Locale.ROOT));
    }
}
