package io.prewarm.launcher.bench;

import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.launcher.Prewarm;
import io.prewarm.warmer.WarmerConfig;
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
 * {@code ./prewarm bench}: the whole system (embedded broker, delivery guarantees on) against an
 * edge, the cases of docs/benchmarks.md, and beside them the raw limit: a plain async loop sending
 * the same tasks as the warmer does. Prints a table and writes the figures as JSON. The edge is the
 * in-process simulator by default; {@code --edge=nginx} starts a real nginx ({@code scripts/nginx-edge})
 * and {@code --edge=external} uses one already running, each with the plan of {@link EdgePlan}.
 * {@code --smoke} runs tiny sizes (CI keeps it working); {@code --big} adds the 100,000 URL x "all"
 * job, {@code --big-only} runs just that; {@code --verify-only} runs just {@link VerifyCost}, what
 * verification costs (the same job with verify off and on). Against a real edge,
 * {@code --series=https20[,http20,...]} runs the warm-up and just the series named.
 */
public final class Bench {
    static final String DIST = "d111111abcdef8";
    static final String USAGE = "./prewarm bench [--edge=simulator|nginx|external] [--smoke] [--big | --big-only | --verify-only] [--series=http20,http100,https20] [--out=FILE]";

    record Sizes(int throughputUrls, int latencyJobs, int statusUrls, Duration statusFor, Duration ingestFor, int ingestClients, int verifyUrls,
                 int verifyRounds) {
        static final Sizes FULL = new Sizes(2_000, 50, 10_000, Duration.ofSeconds(10), Duration.ofSeconds(15), 32, 1_000, 2);
        static final Sizes SMOKE = new Sizes(20, 5, 200, Duration.ofSeconds(2), Duration.ofSeconds(2), 4, 10, 1);
    }

    /** Which edge the warm requests go to. */
    enum EdgeKind {
        SIMULATOR, NGINX, EXTERNAL;

        static EdgeKind parse(String flag) {
            return switch (flag) {
                case "simulator" -> SIMULATOR;
                case "nginx" -> NGINX;
                case "external" -> EXTERNAL;
                default -> throw new IllegalArgumentException("--edge=" + flag + ": expected simulator, nginx or external");
            };
        }
    }

    /** {@code series}: the edge series to run alone (after the warm-up), empty for the whole plan. */
    record Options(EdgeKind edge, boolean smoke, boolean big, boolean bigOnly, boolean verifyOnly, Path out, List<String> series) {
        static Options parse(List<String> flags) {
            EdgeKind edge = EdgeKind.SIMULATOR;
            Path out = Path.of("bench-results.json");
            List<String> series = List.of();
            for (String f : flags) {
                if (f.startsWith("--edge=")) {
                    edge = EdgeKind.parse(f.substring("--edge=".length()));
                } else if (f.startsWith("--series=")) {
                    series = List.of(f.substring("--series=".length()).split(","));
                    if (!EdgePlan.SERIES.containsAll(series)) {
                        throw new IllegalArgumentException(f + ": expected names among " + String.join(",", EdgePlan.SERIES));
                    }
                } else if (f.startsWith("--out=")) {
                    out = Path.of(f.substring("--out=".length()));
                } else if (!List.of("--smoke", "--big", "--big-only", "--verify-only").contains(f)) {
                    throw new IllegalArgumentException("unknown option " + f + "; usage: " + USAGE);
                }
            }
            boolean bigOnly = flags.contains("--big-only");
            boolean verifyOnly = flags.contains("--verify-only");
            if (bigOnly && verifyOnly) {
                throw new IllegalArgumentException("--big-only and --verify-only each run one case; give one (--verify-only --big runs both)");
            }
            if (!series.isEmpty() && (edge == EdgeKind.SIMULATOR || bigOnly || verifyOnly || flags.contains("--big"))) {
                throw new IllegalArgumentException("--series runs series of the real-edge plan alone: give --edge=nginx or --edge=external, no other case");
            }
            return new Options(edge, flags.contains("--smoke"), flags.contains("--big") || bigOnly, bigOnly, verifyOnly, out, series);
        }

        /** Whether the usual cases (throughput, latency, status reads, ingest) run. */
        boolean usualCases() {
            return !bigOnly && !verifyOnly && series.isEmpty();
        }

        /** Whether the edge series {@code name} runs. */
        boolean runs(String name) {
            return series.isEmpty() ? usualCases() : series.contains(name);
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("prewarm bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        writeJson(options.out(), run(options, System.getenv(), System.out));
        System.out.println("figures written to " + options.out().toAbsolutePath());
        System.exit(0);
    }

    /** {@code results} as indented JSON in {@code out}, its directory made when missing. */
    static void writeJson(Path out, Map<String, Object> results) throws java.io.IOException {
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(results));
    }

    static Map<String, Object> run(Options options, Map<String, String> environment, PrintStream print) throws Exception {
        Path dir = Path.of(environment.getOrDefault("PREWARM_DATA_DIR", "./data")).resolve("bench");
        deleteRecursively(dir);
        Files.createDirectories(dir);
        List<String> pops = PopCatalog.load(Optional.empty()).allRegionPops();
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        results.put("plan", options.edge() == EdgeKind.SIMULATOR ? "simulator" : "edge");
        results.put("formats", Formats.measure(pops));
        try (Edge edge = open(options.edge(), dir, pops, environment)) {
            Map<String, String> env = systemEnv(environment, dir, edge);
            WarmerConfig warmer = WarmerConfig.fromEnv(env);
            results.put("edge", edgeFigures(edge, warmer));
            try (Prewarm system = Prewarm.start(env); Memory memory = Memory.watch(); RawLoop raw = new RawLoop(edge, warmer)) {
                BenchClient api = new BenchClient(system.httpPort());
                if (options.edge() == EdgeKind.SIMULATOR) {
                    results.putAll(simulatorPlan(new Cases(api, edge, raw, memory, pops, print), options));
                } else {
                    EdgePlan.Sizes sizes = options.smoke() ? EdgePlan.Sizes.SMOKE : EdgePlan.Sizes.FULL;
                    results.putAll(new EdgePlan(api, edge, raw, memory, pops, sizes, print).run(options));
                }
                results.put("memory", memory.peaks());
            }
        }
        Report.print(results, print);
        return results;
    }

    private static Edge open(EdgeKind kind, Path dir, List<String> pops, Map<String, String> environment) {
        return switch (kind) {
            case SIMULATOR -> SimulatorEdge.start(dir, pops);
            case NGINX -> NginxEdge.start(dir.resolve("nginx-edge"), pops);
            case EXTERNAL -> ExternalEdge.fromEnv(environment,
                    "external: " + environment.getOrDefault("PREWARM_BENCH_EDGE_DESCRIPTION", "an edge"), () -> { });
        };
    }

    /** The system's settings: one JVM with an embedded broker on free ports, warming at {@code edge}. */
    static Map<String, String> systemEnv(Map<String, String> environment, Path dir, Edge edge) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("PREWARM_DATA_DIR", dir.resolve("system").toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_KAFKA_PORT", "0");
        env.putAll(edge.settings());
        env.remove("KAFKA_BOOTSTRAP_SERVERS");
        return env;
    }

    private static Map<String, Object> edgeFigures(Edge edge, WarmerConfig warmer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("edge", edge.describe());
        m.put("warmerMaxInFlight", warmer.maxInFlight());
        m.put("warmerMaxPerPop", warmer.maxPerPop());
        return m;
    }

    /** Cases 1-4 (and 5) against the simulator, as docs/benchmarks.md describes them, and what verification costs. */
    private static Map<String, Object> simulatorPlan(Cases cases, Options options) throws InterruptedException {
        Sizes sizes = options.smoke() ? Sizes.SMOKE : Sizes.FULL;
        Map<String, Object> results = new LinkedHashMap<>();
        if (options.usualCases()) {
            results.put("throughput", cases.throughput(sizes.throughputUrls()));
        }
        if (!options.bigOnly()) {
            results.put("verify", cases.verifyCost(sizes.verifyUrls(), sizes.verifyRounds()));
        }
        if (options.usualCases()) {
            results.put("latency", cases.smallJobs(sizes.latencyJobs()));
            results.put("statusReads", cases.statusReads(sizes.statusUrls(), sizes.statusFor()));
            results.put("ingest", cases.ingest(sizes.ingestFor(), sizes.ingestClients()));
        }
        if (options.big()) {
            results.put("bigJob", cases.bigJob(100_000, Duration.ofMillis(20), false));
        }
        return results;
    }

    static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** {@code n} distinct URLs of www.example.com under {@code path} (an {@link Edge#path}). */
    static List<String> urls(String path, int n) {
        return IntStream.range(0, n).mapToObj(i -> "http://www.example.com" + path + "/asset-" + i + ".js").toList();
    }

    static List<RawLoop.Task> rawTasks(List<String> urls, List<String> pops) {
        List<RawLoop.Task> tasks = new ArrayList<>(urls.size() * pops.size());
        for (String url : urls) {
            String path = url.replaceFirst("^https?://[^/]+", "");
            for (String pop : pops) {
                tasks.add(new RawLoop.Task("www.example.com", path, pop));
            }
        }
        return tasks;
    }
}
