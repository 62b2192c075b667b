package io.prewarm.launcher.bench;

import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.launcher.Prewarm;
import io.prewarm.simulator.EdgeSimulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * {@code ./prewarm bench}: the whole system (embedded broker, delivery guarantees on) against the
 * edge simulator in this process, the cases of docs/benchmarks.md, and beside them the raw limit:
 * a plain async HTTP loop over the same tasks at the same concurrency. Prints a table and writes
 * the figures as JSON. {@code --smoke} runs tiny sizes (CI keeps it working); {@code --big} adds
 * the 100,000 URL x "all" job, {@code --big-only} runs just that.
 */
public final class Bench {
    static final String DIST = "d111111abcdef8";

    record Sizes(int throughputUrls, int latencyJobs, int statusUrls, Duration statusFor, Duration ingestFor, int ingestClients) {
        static final Sizes FULL = new Sizes(2_000, 50, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(15), 32);
        static final Sizes SMOKE = new Sizes(20, 5, 200, Duration.ofSeconds(2), Duration.ofSeconds(2), 4);
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        List<String> flags = List.of(args);
        Sizes sizes = flags.contains("--smoke") ? Sizes.SMOKE : Sizes.FULL;
        Path out = Path.of(flags.stream().filter(f -> f.startsWith("--out=")).map(f -> f.substring(6)).findFirst().orElse("bench-results.json"));
        boolean bigOnly = flags.contains("--big-only");
        Map<String, Object> results = run(sizes, flags.contains("--big") || bigOnly, bigOnly, System.getenv(), System.out);
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println("figures written to " + out.toAbsolutePath());
        System.exit(0);
    }

    static Map<String, Object> run(Sizes sizes, boolean big, boolean bigOnly, Map<String, String> environment, PrintStream print) throws Exception {
        Path dir = Path.of(environment.getOrDefault("PREWARM_DATA_DIR", "./data")).resolve("bench");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        List<String> pops = PopCatalog.load(Optional.empty()).allRegionPops();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        try (EdgeSimulator edge = EdgeSimulator.builder().latency(Duration.ofMillis(20)).bodyBytes(16 * 1024).start()) {
            edge.recordRequests(false);
            Path hosts = edge.writeHostsFile(dir.resolve("edge-hosts"), DIST, pops);
            Map<String, String> env = new LinkedHashMap<>(environment);
            env.put("PREWARM_DATA_DIR", dir.resolve("system").toString());
            env.put("PREWARM_HTTP_PORT", "0");
            env.put("PREWARM_KAFKA_PORT", "0");
            env.put("PREWARM_HOSTS_FILE", hosts.toString());
            env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
            env.remove("KAFKA_BOOTSTRAP_SERVERS");
            int concurrency = Integer.parseInt(env.getOrDefault("PREWARM_WARMER_MAX_IN_FLIGHT", "256"));
            try (Prewarm system = Prewarm.start(env); Memory memory = Memory.watch()) {
                BenchClient api = new BenchClient(system.httpPort());
                Cases cases = new Cases(api, edge, pops, concurrency, print);
                if (!bigOnly) {
                    results.put("throughput", cases.throughput(sizes.throughputUrls()));
                    edge.latency(Duration.ZERO);
                    results.put("latency", cases.smallJobs(sizes.latencyJobs()));
                    results.put("statusReads", cases.statusReads(sizes.statusUrls(), sizes.statusFor()));
                    results.put("ingest", cases.ingest(sizes.ingestFor(), sizes.ingestClients()));
                }
                if (big) {
                    edge.latency(Duration.ofMillis(20));
                    results.put("bigJob", cases.bigJob(100_000));
                }
                results.put("memory", memory.peaks());
            }
        }
        Report.print(results, print);
        return results;
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static List<String> urls(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "http://www.example.com/" + prefix + "/asset-" + i + ".js").toList();
    }

    static List<RawLoop.Task> rawTasks(List<String> urls, List<String> pops) {
        List<RawLoop.Task> tasks = new ArrayList<>(urls.size() * pops.size());
        for (String url : urls) {
            String path = url.replaceFirst("^http://[^/]+", "");
            for (String pop : pops) {
                tasks.add(new RawLoop.Task("www.example.com", path, pop));
            }
        }
        return tasks;
    }
}
