package io.prewarm.launcher.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One minute of a soak: tasks folded per second (the jobs' succeeded + failed tasks as the status
 * store counts them), the latencies of that minute's {@code GET /status} reads of live jobs and how
 * many answered other than 200, heap used after a full collection, open file descriptors, bytes of
 * the Streams state stores (RocksDB) on disk, the warmer's and the status store's consumer lag in
 * records (-1: not read), and the jobs so far: accepted, refused, finished, finished with counts that
 * are not exact, and still held by the status store.
 */
record SoakRow(int minute, double tasksPerSecond, double statusP50Ms, double statusP99Ms, int statusReads, int statusNon200, double heapAfterGcMiB,
               long openFds, long stateStoreBytes, long warmerLag, long statusLag, int submitted, int refused, int finished, int inexact,
               int retained) {

    /** A column the soak judges at its end, and how much change in it is noise. */
    record Metric(String name, double floor, ToDoubleFunction<SoakRow> value) {
    }

    static final List<Metric> JUDGED = List.of(
            new Metric("tasks/s", 20, SoakRow::tasksPerSecond),
            new Metric("status p99 ms", 5, SoakRow::statusP99Ms),
            new Metric("heap after GC MiB", 8, SoakRow::heapAfterGcMiB),
            new Metric("open fds", 10, SoakRow::openFds),
            new Metric("RocksDB MiB", 4, r -> r.stateStoreBytes() / (1024.0 * 1024)),
            new Metric("warmer lag", 500, SoakRow::warmerLag),
            new Metric("status lag", 500, SoakRow::statusLag),
            new Metric("retained jobs", 1, SoakRow::retained));

    private static final String COLUMNS = "%6s %8s %7s %7s %6s %6s %8s %5s %8s %7s %7s %6s %5s %6s %7s %8s";

    static String header() {
        return String.format(COLUMNS, "minute", "tasks/s", "p50 ms", "p99 ms", "reads", "!200", "heap MiB", "fds", "RocksMiB", "lag wrm",
                "lag sts", "jobs", "refus", "done", "inexact", "retained");
    }

    String line() {
        return String.format(COLUMNS, minute, fixed(tasksPerSecond), fixed(statusP50Ms), fixed(statusP99Ms), statusReads, statusNon200,
                fixed(heapAfterGcMiB), openFds, fixed(stateStoreBytes / (1024.0 * 1024)), warmerLag, statusLag, submitted, refused, finished,
                inexact, retained);
    }

    private static String fixed(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
