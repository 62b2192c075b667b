package io.prewarm.launcher.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The benchmark against a real edge (issue 13; {@code --edge=nginx} or {@code --edge=external}).
 * The edge runs outside the JVM, so the system's figures can be read against the raw loop's without
 * the simulator's CPU inside the process. A warm-up round comes first (JIT, connections); then each
 * series runs the raw loop and the system alternately, three times each, with new URLs every run,
 * and reports medians and ranges: one run on a 2-core machine shared with the edge is noise. The
 * other cases follow as with the simulator; ingest runs last because it leaves a backlog behind.
 */
final class EdgePlan {
    record Sizes(int warmUpUrls, int http20Urls, int http100Urls, int https20Urls, int rounds, int latencyJobs, int statusUrls,
                 Duration statusFor, Duration ingestFor, int ingestClients, int bigUrls, int verifyUrls) {
        static final Sizes FULL = new Sizes(200, 2_000, 1_000, 2_000, 3, 50, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(15), 32, 100_000,
                1_000);
        static final Sizes SMOKE = new Sizes(10, 40, 20, 40, 3, 3, 100, Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 200, 20);
    }

    /** Runs at one delay and protocol; {@code name} keys its figures and makes its URLs distinct. */
    record Series(String name, Duration delay, boolean https, int urls) {
        String protocol() {
            return https ? "https" : "http";
        }
    }

    static final Duration BIG_JOB_DELAY = Duration.ofMillis(2);
    static final List<String> SERIES = List.of("http20", "http100", "https20");

    private final BenchClient api;
    private final Edge edge;
    private final RawLoop raw;
    private final Memory memory;
    private final List<String> pops;
    private final Cases cases;
    private final Sizes sizes;
    private final PrintStream print;

    EdgePlan(BenchClient api, Edge edge, RawLoop raw, Memory memory, List<String> pops, Sizes sizes, PrintStream print) {
        this.api = api;
        this.edge = edge;
        this.raw = raw;
        this.memory = memory;
        this.pops = pops;
        this.cases = new Cases(api, edge, raw, memory, pops, print);
        this.sizes = sizes;
        this.print = print;
    }

    Map<String, Object> run(Bench.Options options) throws InterruptedException {
        Map<String, Object> results = new LinkedHashMap<>();
        boolean usual = options.usualCases();
        if (!options.bigOnly()) {
            results.put("warmUp", warmUp());
        }
        for (Series s : List.of(new Series("http20", Duration.ofMillis(20), false, sizes.http20Urls()),
                new Series("http100", Duration.ofMillis(100), false, sizes.http100Urls()),
                new Series("https20", Duration.ofMillis(20), true, sizes.https20Urls()))) {
            if (options.runs(s.name())) {
                results.put(s.name(), series(s));
            }
        }
        if (!options.bigOnly() && options.series().isEmpty()) {
            results.put("verify", cases.verifyCost(sizes.verifyUrls(), sizes.rounds()));
        }
        if (usual) {
            results.put("latency", cases.smallJobs(sizes.latencyJobs()));
            results.put("statusReads", cases.statusReads(sizes.statusUrls(), sizes.statusFor()));
        }
        if (options.big()) {
            results.put("bigJob", cases.bigJob(sizes.bigUrls(), BIG_JOB_DELAY, true));
        }
        if (usual) {
            results.put("ingest", cases.ingest(sizes.ingestFor(), sizes.ingestClients()));
        }
        return results;
    }

    /** A small raw run and job over HTTP and HTTPS: the JIT compiles the hot paths, both clients open their connections. */
    private List<Map<String, Object>> warmUp() throws InterruptedException {
        print.printf("warm-up: raw loop and a %d-URL job over http and https, 20 ms%n", sizes.warmUpUrls());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (boolean https : List.of(false, true)) {
            Series s = new Series("warm-up-" + (https ? "https" : "http"), Duration.ofMillis(20), https, sizes.warmUpUrls());
            runs.add(rawRun(s, s.name() + "-raw"));
            runs.add(systemRun(s, s.name() + "-sys"));
        }
        return runs;
    }

    private Map<String, Object> series(Series s) throws InterruptedException {
        print.printf("%s: %d URLs x %d PoPs (%,d tasks), %d ms, %s; raw loop and system alternately, %d runs each; in flight %d, per PoP %d%n",
                s.name(), s.urls(), pops.size(), (long) s.urls() * pops.size(), s.delay().toMillis(), s.protocol(), sizes.rounds(),
                raw.maxInFlight(), raw.maxPerPop());
        List<Map<String, Object>> raws = new ArrayList<>();
        List<Map<String, Object>> systems = new ArrayList<>();
        for (int r = 1; r <= sizes.rounds(); r++) {
            Map<String, Object> rawRun = rawRun(s, s.name() + "-raw-" + r);
            Map<String, Object> sysRun = systemRun(s, s.name() + "-sys-" + r);
            raws.add(rawRun);
            systems.add(sysRun);
            print.printf("  run %d: raw %s tasks/s in %s s (CPU: JVM %s s, edge %s s, other %s s); system %s tasks/s in %s s, steady %s,"
                            + " %s us JVM CPU/task (CPU: JVM %s s, edge %s s, other %s s), GC %s ms, heap %s MiB (after GC %s),"
                            + " extra requests %s, exact %s%n",
                    r, whole(rawRun.get("tasksPerSecond")), rawRun.get("seconds"), rawRun.get("jvmCpuSeconds"),
                    rawRun.getOrDefault("edgeCpuSeconds", "-"), rawRun.getOrDefault("otherCpuSeconds", "-"),
                    whole(sysRun.get("tasksPerSecond")), sysRun.get("seconds"), whole(sysRun.get("steadyTasksPerSecond")),
                    whole(sysRun.get("cpuMicrosPerTask")), sysRun.get("jvmCpuSeconds"), sysRun.getOrDefault("edgeCpuSeconds", "-"),
                    sysRun.getOrDefault("otherCpuSeconds", "-"), sysRun.get("gcMillis"),
                    sysRun.get("peakHeapMiB"), sysRun.get("peakHeapAfterGcMiB"), sysRun.getOrDefault("extraRequests", "-"), sysRun.get("exact"));
        }
        return summary(s, raws, systems);
    }

    static Map<String, Object> summary(Series s, List<Map<String, Object>> raws, List<Map<String, Object>> systems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("urls", s.urls());
        m.put("delayMs", s.delay().toMillis());
        m.put("protocol", s.protocol());
        Spread rawRate = spread(raws, "tasksPerSecond");
        Spread sysRate = spread(systems, "tasksPerSecond");
        m.put("rawTasksPerSecond", rawRate.asMap());
        m.put("tasksPerSecond", sysRate.asMap());
        m.put("steadyTasksPerSecond", spread(systems, "steadyTasksPerSecond").asMap());
        m.put("steadyByUrlsTasksPerSecond", spread(systems, "steadyByUrlsTasksPerSecond").asMap());
        m.put("ratioToRaw", Math.round(sysRate.median() / rawRate.median() * 100) / 100.0);
        m.put("cpuMicrosPerTask", spread(systems, "cpuMicrosPerTask").asMap());
        m.put("rawCpuMicrosPerTask", spread(raws, "cpuMicrosPerTask").asMap());
        m.put("gcMillis", spread(systems, "gcMillis").asMap());
        m.put("peakHeapMiB", max(systems, "peakHeapMiB"));
        m.put("peakHeapAfterGcMiB", max(systems, "peakHeapAfterGcMiB"));
        m.put("edgeCpuSeconds", spread(systems, "edgeCpuSeconds").asMap());
        m.put("rawEdgeCpuSeconds", spread(raws, "edgeCpuSeconds").asMap());
        m.put("otherCpuSeconds", spread(systems, "otherCpuSeconds").asMap());
        m.put("rawOtherCpuSeconds", spread(raws, "otherCpuSeconds").asMap());
        m.put("extraRequests", sum(systems, "extraRequests"));
        m.put("rawExtraRequests", sum(raws, "extraRequests"));
        m.put("rawFailed", sum(raws, "failed"));
        m.put("exact", systems.stream().allMatch(r -> Boolean.TRUE.equals(r.get("exact"))));
        m.put("rawRuns", raws);
        m.put("systemRuns", systems);
        return m;
    }

    private Map<String, Object> rawRun(Series s, String name) throws InterruptedException {
        List<RawLoop.Task> tasks = Bench.rawTasks(Bench.urls(edge.path(s.delay(), name), s.urls()), pops);
        Reading before = Reading.take(edge);
        RawLoop.Result r = raw.run(tasks, s.https());
        Reading after = Reading.take(edge);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", r.tasks());
        m.put("failed", r.failed());
        m.put("seconds", Cases.round(r.seconds()));
        m.put("tasksPerSecond", Cases.round(r.tasksPerSecond()));
        m.putAll(after.since(before, r.tasks()));
        return m;
    }

    private Map<String, Object> systemRun(Series s, String name) {
        return JobRun.run(api, edge, memory, Bench.urls(edge.path(s.delay(), name), s.urls()), pops.size(), s.protocol(), false);
    }

    private static String whole(Object figure) {
        return figure instanceof Number n ? String.format("%,.0f", n.doubleValue()) : "-";
    }

    private static Spread spread(List<Map<String, Object>> runs, String key) {
        return Spread.of(runs.stream().map(r -> r.get(key)).filter(Objects::nonNull).map(v -> ((Number) v).doubleValue()).toList());
    }

    private static long max(List<Map<String, Object>> runs, String key) {
        return runs.stream().mapToLong(r -> ((Number) r.get(key)).longValue()).max().orElse(0);
    }

    /** The sum over runs, or null when no run could count it (an edge without a request counter). */
    private static Long sum(List<Map<String, Object>> runs, String key) {
        List<Long> values = runs.stream().map(r -> r.get(key)).filter(Objects::nonNull).map(v -> ((Number) v).longValue()).toList();
        return values.isEmpty() ? null : values.stream().mapToLong(Long::longValue).sum();
    }
}
