package io.prewarm.launcher.bench;

import java.io.PrintStream;
import java.util.Map;

/** The benchmark's table, with each figure next to its target. */
final class Report {
    private Report() {
    }

    static void print(Map<String, Object> r, PrintStream out) {
        out.println();
        out.println("case                     figure                                   target");
        if (r.containsKey("throughput")) {
            Map<String, Object> tp = section(r, "throughput");
            line(out, "throughput", tp.get("tasksPerSecond") + " tasks/s (raw loop " + tp.get("rawLoopTasksPerSecond") + ", ratio " + tp.get("ratioToRaw") + ")",
                    ">= 10000 tasks/s and >= 0.5 of raw");
            Map<String, Object> lat = section(r, "latency");
            line(out, "small-job latency", "p50 " + lat.get("p50Ms") + " ms, p99 " + lat.get("p99Ms") + " ms", "p50 <= 250 ms, p99 <= 1000 ms");
            Map<String, Object> st = section(r, "statusReads");
            line(out, "status reads", "p50 " + st.get("p50Ms") + " ms, p99 " + st.get("p99Ms") + " ms, " + st.get("perSecond") + "/s", "p99 <= 20 ms");
            Map<String, Object> in = section(r, "ingest");
            line(out, "ingest", in.get("perSecond") + " req/s, p99 " + in.get("p99Ms") + " ms, non-200 " + in.get("non200"), ">= 2000 req/s");
        }
        if (r.containsKey("bigJob")) {
            Map<String, Object> big = section(r, "bigJob");
            line(out, "big job", big.get("status") + " in " + big.get("seconds") + " s, " + big.get("tasksPerSecond") + " tasks/s, accepted in "
                    + big.get("acceptMs") + " ms", "completes within 512 MB heap");
        }
        Map<String, Object> mem = section(r, "memory");
        line(out, "memory", "peak heap " + mem.get("peakHeapMiB") + " of " + mem.get("maxHeapMiB") + " MiB, peak RSS " + mem.get("peakRssMiB") + " MiB", "heap <= 512 MiB");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> r, String name) {
        return (Map<String, Object>) r.get(name);
    }

    private static void line(PrintStream out, String name, String figure, String target) {
        out.printf("%-24s %-40s %s%n", name, figure, target);
    }
}
