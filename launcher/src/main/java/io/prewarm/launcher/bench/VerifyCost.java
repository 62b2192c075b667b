package io.prewarm.launcher.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What verification costs: the same job (new URLs each run, so every first answer is a miss) with
 * {@code "verify": false} and {@code "verify": true}, alternately, against an edge that caches. It
 * reports tasks/s, the edge's requests per task (1 and about 2: the second is a conditional hit) and
 * the origin's (1 for both: the verification never reaches it), the JVM's CPU per task, and how many
 * tasks were verified. On the simulator every answer, a hit too, waits the edge latency (a PoP far
 * from the warmer); on nginx only a miss does, at the origin (a PoP close by): the two bound the cost.
 */
final class VerifyCost {
    private VerifyCost() {
    }

    static Map<String, Object> run(BenchClient api, Edge edge, Memory memory, List<String> pops, PrintStream print, int urls, Duration delay,
                                   int rounds) {
        print.printf("verify: %d URLs x %d PoPs (%,d tasks), %d ms, http; the same job with verify off and on, alternately, %d run%s each%n",
                urls, pops.size(), (long) urls * pops.size(), delay.toMillis(), rounds, rounds == 1 ? "" : "s");
        // not counted: the system's stores and the JIT are warm before either side is measured (--verify-only runs nothing before)
        JobRun.run(api, edge, memory, Bench.urls(edge.path(delay, "verify-warm-up"), Math.max(1, urls / 10)), pops.size(), "http", true);
        List<Map<String, Object>> off = new ArrayList<>();
        List<Map<String, Object>> on = new ArrayList<>();
        edge.countRequests(true);
        try {
            for (int r = 1; r <= rounds; r++) {
                off.add(JobRun.run(api, edge, memory, Bench.urls(edge.path(delay, "verify-off-" + r), urls), pops.size(), "http", false));
                on.add(JobRun.run(api, edge, memory, Bench.urls(edge.path(delay, "verify-on-" + r), urls), pops.size(), "http", true));
                print.printf("  run %d: verify off %s tasks/s, %s edge requests/task, %s origin; on %s tasks/s, %s edge requests/task, %s origin,"
                                + " %s verified, %s not cached; exact %s/%s%n", r, off.get(r - 1).get("tasksPerSecond"), perTask(off.get(r - 1), "edgeRequests"),
                        perTask(off.get(r - 1), "originRequests"), on.get(r - 1).get("tasksPerSecond"), perTask(on.get(r - 1), "edgeRequests"),
                        perTask(on.get(r - 1), "originRequests"), on.get(r - 1).get("verifiedTasks"), on.get(r - 1).get("notCachedTasks"),
                        off.get(r - 1).get("exact"), on.get(r - 1).get("exact"));
            }
        } finally {
            edge.countRequests(false);
        }
        return summary(urls, delay, off, on);
    }

    static Map<String, Object> summary(int urls, Duration delay, List<Map<String, Object>> off, List<Map<String, Object>> on) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("urls", urls);
        m.put("delayMs", delay.toMillis());
        Spread offRate = spread(off, "tasksPerSecond");
        Spread onRate = spread(on, "tasksPerSecond");
        m.put("offTasksPerSecond", offRate.asMap());
        m.put("onTasksPerSecond", onRate.asMap());
        m.put("onToOff", Math.round(onRate.median() / offRate.median() * 100) / 100.0);
        m.put("offEdgeRequestsPerTask", meanPerTask(off, "edgeRequests"));
        m.put("onEdgeRequestsPerTask", meanPerTask(on, "edgeRequests"));
        m.put("offOriginRequestsPerTask", meanPerTask(off, "originRequests"));
        m.put("onOriginRequestsPerTask", meanPerTask(on, "originRequests"));
        m.put("offCpuMicrosPerTask", spread(off, "cpuMicrosPerTask").asMap());
        m.put("onCpuMicrosPerTask", spread(on, "cpuMicrosPerTask").asMap());
        m.put("verifiedTasks", on.stream().mapToLong(r -> ((Number) r.get("verifiedTasks")).longValue()).sum());
        m.put("exact", off.stream().allMatch(r -> Boolean.TRUE.equals(r.get("exact"))) && on.stream().allMatch(r -> Boolean.TRUE.equals(r.get("exact"))));
        m.put("offRuns", off);
        m.put("onRuns", on);
        return m;
    }

    /** Requests of {@code key} per task over every run, or null when the edge could not count them. */
    private static Double meanPerTask(List<Map<String, Object>> runs, String key) {
        long requests = 0;
        long tasks = 0;
        for (Map<String, Object> r : runs) {
            if (!(r.get(key) instanceof Number n)) {
                return null;
            }
            requests += n.longValue();
            tasks += ((Number) r.get("tasks")).longValue();
        }
        return tasks == 0 ? null : Math.round(requests * 100.0 / tasks) / 100.0;
    }

    private static String perTask(Map<String, Object> run, String key) {
        Double v = meanPerTask(List.of(run), key);
        return v == null ? "-" : v.toString();
    }

    private static Spread spread(List<Map<String, Object>> runs, String key) {
        return Spread.of(runs.stream().map(r -> r.get(key)).filter(Objects::nonNull).map(v -> ((Number) v).doubleValue()).toList());
    }
}
