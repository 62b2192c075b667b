package io.prewarm.launcher.bench;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The benchmark cases, each returning its figures; every edge (simulator, nginx) runs the same ones.
 * Throughput and the big job send {@code "verify": false}: their figures are held against the raw
 * loop's one request per task and against targets set before verification; {@link VerifyCost}
 * measures what verification adds. The small jobs, status reads and ingest run as the server's default says.
 */
final class Cases {
    private final BenchClient api;
    private final Edge edge;
    private final RawLoop raw;
    private final Memory memory;
    private final List<String> pops;
    private final PrintStream print;

    Cases(BenchClient api, Edge edge, RawLoop raw, Memory memory, List<String> pops, PrintStream print) {
        this.api = api;
        this.edge = edge;
        this.raw = raw;
        this.memory = memory;
        this.pops = pops;
        this.print = print;
    }

    /** The simulator's case 1: one raw run, then one job of the same size. */
    Map<String, Object> throughput(int urls) throws InterruptedException {
        Duration delay = Duration.ofMillis(20);
        print.printf("throughput: %d URLs x %d PoPs, 20 ms edge latency, concurrency %d%n", urls, pops.size(), raw.maxInFlight());
        double rawRate = raw.run(Bench.rawTasks(Bench.urls(edge.path(delay, "raw"), urls), pops), false).tasksPerSecond();
        Map<String, Object> run = JobRun.run(api, edge, memory, Bench.urls(edge.path(delay, "tp"), urls), pops.size(), "http", false);
        Map<String, Object> m = new LinkedHashMap<>(run);
        m.put("rawLoopTasksPerSecond", round(rawRate));
        m.put("ratioToRaw", Math.round((Double) run.get("tasksPerSecond") / rawRate * 100) / 100.0);
        return m;
    }

    /** {@link VerifyCost} at 20 ms. */
    Map<String, Object> verifyCost(int urls, int rounds) {
        return VerifyCost.run(api, edge, memory, pops, print, urls, Duration.ofMillis(20), rounds);
    }

    Map<String, Object> smallJobs(int jobs) {
        print.printf("latency: %d jobs of 2 URLs x 8 PoPs, one after another, 0 ms edge latency%n", jobs);
        String eight = pops.subList(0, 8).stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",", "[", "]"));
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            List<String> urls = Bench.urls(edge.path(Duration.ZERO, "small-" + i), 2);
            long started = System.nanoTime();
            String id = api.submit(BenchClient.body(urls, Bench.DIST, "pop", eight));
            api.awaitEnd(id, Duration.ofMillis(5), Duration.ofMinutes(2));
            ms.add((System.nanoTime() - started) / 1e6);
        }
        return stats(Stats.of(ms), null);
    }

    Map<String, Object> statusReads(int urls, Duration duration) throws InterruptedException {
        print.printf("status reads: GET /status on a finished %d-URL job for %d s, 4 clients%n", urls, duration.toSeconds());
        String id = api.submit(BenchClient.body(Bench.urls(edge.path(Duration.ZERO, "st"), urls), Bench.DIST, "pop", "[\"" + pops.get(0) + "\"]"));
        api.awaitEnd(id, Duration.ofMillis(50), Duration.ofMinutes(10));
        return load(4, duration, () -> api.status(id, ""));
    }

    Map<String, Object> ingest(Duration duration, int clients) throws InterruptedException {
        print.printf("ingest: POST /prewarm of 100-URL bodies from %d clients for %d s%n", clients, duration.toSeconds());
        AtomicInteger n = new AtomicInteger();
        String onePop = "[\"" + pops.get(0) + "\"]";
        return load(clients, duration, () -> api.post(BenchClient.body(Bench.urls(edge.path(Duration.ZERO, "in-" + n.incrementAndGet()), 100),
                Bench.DIST, "pop", onePop)));
    }

    /**
     * One job of {@code urls} x every PoP at {@code delay}; with {@code follow}, a {@link JobFollower}
     * reads its status while it runs.
     */
    Map<String, Object> bigJob(int urls, Duration delay, boolean follow) throws InterruptedException {
        print.printf("big job: %d URLs x %d PoPs, %d ms edge latency, heap limit %d MiB%s%n", urls, pops.size(), delay.toMillis(),
                Runtime.getRuntime().maxMemory() >> 20, follow ? ", GET /status?limit=10 every 10 ms while it runs" : "");
        String body = BenchClient.verify(BenchClient.body(Bench.urls(edge.path(delay, "big"), urls), Bench.DIST, "region", "\"all\""), false);
        long tasks = (long) urls * pops.size();
        memory.startWindow();
        Reading before = Reading.take(edge);
        String id = api.submit(body);
        double acceptMs = (System.nanoTime() - before.nanos()) / 1e6;
        Optional<JobFollower> follower = follow ? Optional.of(new JobFollower(api, id)) : Optional.empty();
        Optional<Stats> reads;
        try {
            api.awaitEnd(id, Duration.ofSeconds(1), Duration.ofHours(3));
        } finally {
            reads = follower.isPresent() ? Optional.of(follower.get().stop()) : Optional.empty();
        }
        Reading after = Reading.take(edge);
        double seconds = after.secondsSince(before);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks);
        m.put("acceptMs", round(acceptMs));
        m.put("seconds", round(seconds));
        m.put("tasksPerSecond", round(tasks / seconds));
        m.putAll(after.since(before, tasks));
        m.put("peakHeapMiB", memory.windowPeakMiB());
        m.put("peakHeapAfterGcMiB", memory.windowPeakAfterGcMiB());
        m.putAll(JobRun.counts(BenchClient.json(api.status(id, "&detail=true&limit=1").body()), urls, tasks));
        reads.ifPresent(s -> m.put("statusLimit10", stats(s, null)));
        return m;
    }

    /** {@code clients} threads calling {@code call} for {@code duration}; latency percentiles and requests per second. */
    private Map<String, Object> load(int clients, Duration duration, java.util.function.Supplier<HttpResponse<String>> call) throws InterruptedException {
        List<Double> ms = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long until = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                while (System.nanoTime() < until) {
                    long t = System.nanoTime();
                    int code = call.get().statusCode();
                    ms.add((System.nanoTime() - t) / 1e6);
                    if (code != 200) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Object> m = stats(Stats.of(ms), round(ms.size() / seconds));
        m.put("non200", errors.get());
        return m;
    }

    private static Map<String, Object> stats(Stats s, Double perSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("p50Ms", round(s.p50()));
        m.put("p99Ms", round(s.p99()));
        m.put("maxMs", round(s.max()));
        if (perSecond != null) {
            m.put("perSecond", perSecond);
        }
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
