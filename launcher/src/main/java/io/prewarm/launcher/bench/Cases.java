package io.prewarm.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** The benchmark cases, each returning its figures. */
final class Cases {
    private final BenchClient api;
    private final EdgeSimulator edge;
    private final List<String> pops;
    private final int concurrency;
    private final PrintStream print;

    Cases(BenchClient api, EdgeSimulator edge, List<String> pops, int concurrency, PrintStream print) {
        this.api = api;
        this.edge = edge;
        this.pops = pops;
        this.concurrency = concurrency;
        this.print = print;
    }

    Map<String, Object> throughput(int urls) throws InterruptedException, java.io.IOException {
        print.printf("throughput: %d URLs x %d PoPs, 20 ms edge latency, concurrency %d%n", urls, pops.size(), concurrency);
        double raw = RawLoop.run(Bench.rawTasks(Bench.urls("raw", urls), pops), edge, concurrency);
        long started = System.nanoTime();
        String id = api.submit(BenchClient.body(Bench.urls("tp", urls), Bench.DIST, "region", "\"all\""));
        JsonNode end = api.awaitEnd(id, Duration.ofMillis(50), Duration.ofHours(1));
        double seconds = (System.nanoTime() - started) / 1e9;
        long tasks = (long) urls * pops.size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks);
        m.put("status", end.path("status").asText());
        m.put("seconds", round(seconds));
        m.put("tasksPerSecond", round(tasks / seconds));
        m.put("rawLoopTasksPerSecond", round(raw));
        m.put("ratioToRaw", Math.round(tasks / seconds / raw * 100) / 100.0);
        return m;
    }

    Map<String, Object> smallJobs(int jobs) {
        print.printf("latency: %d jobs of 2 URLs x 8 PoPs, one after another, 0 ms edge latency%n", jobs);
        String eight = pops.subList(0, 8).stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",", "[", "]"));
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            long started = System.nanoTime();
            String id = api.submit(BenchClient.body(Bench.urls("small-" + i, 2), Bench.DIST, "pop", eight));
            api.awaitEnd(id, Duration.ofMillis(5), Duration.ofMinutes(2));
            ms.add((System.nanoTime() - started) / 1e6);
        }
        return stats(Stats.of(ms), null);
    }

    Map<String, Object> statusReads(int urls, Duration duration) throws InterruptedException {
        print.printf("status reads: GET /status on a finished %d-URL job for %d s, 4 clients%n", urls, duration.toSeconds());
        String id = api.submit(BenchClient.body(Bench.urls("st", urls), Bench.DIST, "pop", "[\"" + pops.get(0) + "\"]"));
        api.awaitEnd(id, Duration.ofMillis(50), Duration.ofMinutes(10));
        return load(4, duration, () -> api.status(id, ""));
    }

    Map<String, Object> ingest(Duration duration, int clients) throws InterruptedException {
        print.printf("ingest: POST /prewarm of 100-URL bodies from %d clients for %d s%n", clients, duration.toSeconds());
        AtomicInteger n = new AtomicInteger();
        String onePop = "[\"" + pops.get(0) + "\"]";
        return load(clients, duration, () -> api.post(BenchClient.body(Bench.urls("in-" + n.incrementAndGet(), 100), Bench.DIST, "pop", onePop)));
    }

    Map<String, Object> bigJob(int urls) {
        print.printf("big job: %d URLs x %d PoPs, 20 ms edge latency, heap limit %d MiB%n", urls, pops.size(), Runtime.getRuntime().maxMemory() >> 20);
        long started = System.nanoTime();
        String id = api.submit(BenchClient.body(Bench.urls("big", urls), Bench.DIST, "region", "\"all\""));
        double acceptMs = (System.nanoTime() - started) / 1e6;
        JsonNode end = api.awaitEnd(id, Duration.ofSeconds(1), Duration.ofHours(3));
        double seconds = (System.nanoTime() - started) / 1e9;
        long tasks = (long) urls * pops.size();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks);
        m.put("status", end.path("status").asText());
        m.put("completedUrls", end.path("completed").asInt());
        m.put("acceptMs", round(acceptMs));
        m.put("seconds", round(seconds));
        m.put("tasksPerSecond", round(tasks / seconds));
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
