package io.prewarm.launcher.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The median of a few repeated runs' figures and their range: how far one run can be trusted. */
record Spread(double median, double min, double max) {

    static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Spread(median, v[0], v[v.length - 1]);
    }

    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", finite(median));
        m.put("min", finite(min));
        m.put("max", finite(max));
        return m;
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : Cases.round(v);
    }

    @Override
    public String toString() {
        return String.format("%,.0f (%,.0f..%,.0f)", median, min, max);
    }
}
