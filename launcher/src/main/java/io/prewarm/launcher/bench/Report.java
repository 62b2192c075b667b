package io.prewarm.launcher.bench;

import java.io.PrintStream;
import java.util.Map;

/** The benchmark's table, with each figure next to its target (and, against a real edge, whether it is met). */
final class Report {
    private Report() {
    }

    static void print(Map<String, Object> r, PrintStream out) {
        out.println();
        Map<String, Object> edge = section(r, "edge");
        out.println("edge: " + edge.get("edge") + "; warmer in flight " + edge.get("warmerMaxInFlight") + ", per PoP " + edge.get("warmerMaxPerPop"));
        out.printf("%-26s %-72s %s%n", "case", "figure", "target");
        if ("simulator".equals(r.get("plan"))) {
            simulator(r, out);
        } else {
            edge(r, out);
        }
        Map<String, Object> mem = section(r, "memory");
        line(out, "memory", "peak heap " + mem.get("peakHeapMiB") + " of " + mem.get("maxHeapMiB") + " MiB (after GC " + mem.get("peakHeapAfterGcMiB")
                + "), peak RSS " + mem.get("peakRssMiB") + " MiB", "heap <= 512 MiB");
    }

    /** Against the simulator: the targets of docs/benchmarks.md's first table. */
    private static void simulator(Map<String, Object> r, PrintStream out) {
        if (r.containsKey("throughput")) {
            Map<String, Object> tp = section(r, "throughput");
            line(out, "throughput", tp.get("tasksPerSecond") + " tasks/s (raw loop " + tp.get("rawLoopTasksPerSecond") + ", ratio " + tp.get("ratioToRaw") + ")",
                    ">= 10000 tasks/s and >= 0.5 of raw");
            Map<String, Object> lat = section(r, "latency");
            line(out, "small-job latency", "p50 " + lat.get("p50Ms") + " ms, p99 " + lat.get("p99Ms") + " ms", "p50 <= 250 ms, p99 <= 1000 ms");
            statusAndIngest(r, out);
        }
        verify(r, out);
        if (r.containsKey("bigJob")) {
            Map<String, Object> big = section(r, "bigJob");
            line(out, "big job", big.get("status") + " in " + big.get("seconds") + " s, " + big.get("tasksPerSecond") + " tasks/s, accepted in "
                    + big.get("acceptMs") + " ms", "completes within 512 MB heap");
        }
    }

    /** Against a real edge: issue 13's targets. */
    private static void edge(Map<String, Object> r, PrintStream out) {
        if (r.containsKey("http20")) {
            series(out, section(r, "http20"), "20 ms http", 15_000, true);
        }
        if (r.containsKey("http100")) {
            series(out, section(r, "http100"), "100 ms http", 8_000, false);
        }
        if (r.containsKey("https20")) {
            series(out, section(r, "https20"), "20 ms https", 8_000, false);
        }
        if (r.containsKey("latency")) {
            Map<String, Object> lat = section(r, "latency");
            line(out, "small-job latency (0 ms)", "p50 " + lat.get("p50Ms") + " ms, p99 " + lat.get("p99Ms") + " ms",
                    "p50 <= 150 ms" + met(number(lat, "p50Ms") <= 150));
        }
        verify(r, out);
        if (r.containsKey("bigJob")) {
            Map<String, Object> big = section(r, "bigJob");
            line(out, "big job (2 ms)", big.get("status") + " in " + big.get("seconds") + " s, " + big.get("tasksPerSecond") + " tasks/s, exact "
                    + big.get("exact") + ", accepted in " + big.get("acceptMs") + " ms", "< 240 s" + met(number(big, "seconds") < 240 && Boolean.TRUE.equals(big.get("exact"))));
            line(out, "big job cost", "JVM " + big.get("cpuMicrosPerTask") + " us CPU/task, GC " + big.get("gcMillis") + " ms, edge CPU "
                    + big.getOrDefault("edgeCpuSeconds", "-") + " s, extra requests " + big.getOrDefault("extraRequests", "-"), "");
            line(out, "big job heap", "peak " + big.get("peakHeapMiB") + " MiB in use, " + big.get("peakHeapAfterGcMiB") + " MiB after GC",
                    "<= 384 MiB" + met(number(big, "peakHeapMiB") <= 384));
            Map<String, Object> reads = section(big, "statusLimit10");
            line(out, "status?limit=10 during it", "p50 " + reads.get("p50Ms") + " ms, p99 " + reads.get("p99Ms") + " ms, " + reads.get("count") + " reads",
                    "p99 <= 50 ms" + met(number(reads, "p99Ms") <= 50));
        }
        statusAndIngest(r, out);
    }

    private static void series(PrintStream out, Map<String, Object> s, String name, double target, boolean withRatio) {
        Spread sys = spread(s, "tasksPerSecond");
        double ratio = number(s, "ratioToRaw");
        line(out, name, sys + " tasks/s, steady " + spread(s, "steadyTasksPerSecond") + " (by URLs " + String.format("%,.0f", spread(s, "steadyByUrlsTasksPerSecond").median())
                + "), exact " + s.get("exact"),
                ">= " + String.format("%,.0f", target) + " tasks/s" + met(sys.median() >= target));
        line(out, "  raw loop, ratio", spread(s, "rawTasksPerSecond") + " tasks/s; system/raw " + ratio
                + (number(s, "rawFailed") > 0 ? ", raw failures " + s.get("rawFailed") : ""), withRatio ? ">= 0.75 x raw" + met(ratio >= 0.75) : "");
        line(out, "  cost per run", "JVM " + spread(s, "cpuMicrosPerTask") + " us CPU/task (raw " + spread(s, "rawCpuMicrosPerTask") + "), GC "
                + spread(s, "gcMillis") + " ms, heap <= " + s.get("peakHeapMiB") + " MiB (after GC " + s.get("peakHeapAfterGcMiB") + ")", "");
        line(out, "  edge", "CPU " + seconds(s, "edgeCpuSeconds") + " s/run (raw " + seconds(s, "rawEdgeCpuSeconds") + " s), extra requests "
                + s.get("extraRequests") + " (raw " + s.get("rawExtraRequests") + ")", "");
        line(out, "  other load", "CPU " + seconds(s, "otherCpuSeconds") + " s/run (raw " + seconds(s, "rawOtherCpuSeconds") + " s)", "");
    }

    /** Verification's cost: the same job with verify off and on, tasks/s and requests per task at the edge and at its origin. */
    private static void verify(Map<String, Object> r, PrintStream out) {
        if (!r.containsKey("verify")) {
            return;
        }
        Map<String, Object> v = section(r, "verify");
        String ms = " (" + v.get("delayMs") + " ms)";
        line(out, "verify off" + ms, spread(v, "offTasksPerSecond") + " tasks/s, " + perTask(v, "offEdgeRequestsPerTask") + " edge requests/task, "
                + perTask(v, "offOriginRequestsPerTask") + " origin, JVM " + spread(v, "offCpuMicrosPerTask") + " us CPU/task", "");
        line(out, "verify on" + ms, spread(v, "onTasksPerSecond") + " tasks/s, " + perTask(v, "onEdgeRequestsPerTask") + " edge requests/task, "
                + perTask(v, "onOriginRequestsPerTask") + " origin, JVM " + spread(v, "onCpuMicrosPerTask") + " us CPU/task", "");
        line(out, "  verify on/off", "tasks/s x" + v.get("onToOff") + ", " + v.get("verifiedTasks") + " tasks verified, exact " + v.get("exact"),
                "exact" + met(Boolean.TRUE.equals(v.get("exact"))));
    }

    private static String perTask(Map<String, Object> m, String key) {
        return m.get(key) == null ? "-" : String.valueOf(m.get(key));
    }

    private static void statusAndIngest(Map<String, Object> r, PrintStream out) {
        if (r.containsKey("statusReads")) {
            Map<String, Object> st = section(r, "statusReads");
            line(out, "status reads", "p50 " + st.get("p50Ms") + " ms, p99 " + st.get("p99Ms") + " ms, " + st.get("perSecond") + "/s", "p99 <= 20 ms");
        }
        if (r.containsKey("ingest")) {
            Map<String, Object> in = section(r, "ingest");
            line(out, "ingest", in.get("perSecond") + " req/s, p99 " + in.get("p99Ms") + " ms, non-200 " + in.get("non200"), ">= 2000 req/s");
        }
    }

    private static Spread spread(Map<String, Object> s, String key) {
        Map<String, Object> m = section(s, key);
        return new Spread(orNaN(m.get("median")), orNaN(m.get("min")), orNaN(m.get("max")));
    }

    private static String seconds(Map<String, Object> s, String key) {
        Spread sp = spread(s, key);
        return Double.isNaN(sp.median()) ? "-" : String.format("%.1f (%.1f..%.1f)", sp.median(), sp.min(), sp.max());
    }

    private static double orNaN(Object v) {
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    private static double number(Map<String, Object> m, String key) {
        return orNaN(m.get(key));
    }

    private static String met(boolean met) {
        return met ? "  met" : "  MISSED";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> r, String name) {
        return (Map<String, Object>) r.get(name);
    }

    private static void line(PrintStream out, String name, String figure, String target) {
        out.printf("%-26s %-72s %s%n", name, figure, target);
    }
}
