package io.prewarm.launcher.bench;

import io.prewarm.contract.Env;
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

/**
 * {@code ./prewarm soak --minutes N}: the whole system as {@link Bench} runs it (one JVM, embedded
 * broker, delivery guarantees on) against the in-process edge simulator, under the steady mix of
 * {@link SoakLoad} for N minutes, with one {@link StatusPoller} following every live job. Each minute
 * prints one {@link SoakRow}; at the end, one {@link SoakVerdict} per judged metric says whether it
 * grew from the middle third of the run to the last, and every row goes to {@code --out} as JSON.
 * What may grow is the jobs retained: the status store deletes a job {@code PREWARM_RETENTION_HOURS}
 * (at least one hour) after it ended, so a shorter soak sees them all retained.
 */
public final class Soak {
    static final String USAGE = "./prewarm soak --minutes N [--out=FILE]";
    static final Duration ROW_EVERY = Duration.ofMinutes(1);

    record Options(int minutes, Path out) {
        static Options parse(List<String> flags) {
            Optional<Integer> minutes = Optional.empty();
            Path out = Path.of("soak-results.json");
            for (int i = 0; i < flags.size(); i++) {
                String f = flags.get(i);
                if (f.equals("--minutes") && i + 1 < flags.size()) {
                    minutes = Optional.of(minutes(flags.get(++i)));
                } else if (f.startsWith("--minutes=")) {
                    minutes = Optional.of(minutes(f.substring("--minutes=".length())));
                } else if (f.startsWith("--out=")) {
                    out = Path.of(f.substring("--out=".length()));
                } else {
                    throw new IllegalArgumentException("unknown option " + f + "; usage: " + USAGE);
                }
            }
            return new Options(minutes.orElseThrow(() -> new IllegalArgumentException("give --minutes N; usage: " + USAGE)), out);
        }

        private static int minutes(String value) {
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below says what is expected
            }
            throw new IllegalArgumentException("--minutes: a whole number of at least 1, got '" + value + "'");
        }
    }

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("prewarm soak: " + e.getMessage());
            System.exit(2);
            return;
        }
        Bench.writeJson(options.out(), run(options, System.getenv(), System.out));
        System.out.println("rows written to " + options.out().toAbsolutePath());
        System.exit(0);
    }

    static Map<String, Object> run(Options options, Map<String, String> environment, PrintStream print) throws Exception {
        Path dir = Path.of(environment.getOrDefault("PREWARM_DATA_DIR", "./data")).resolve("soak");
        Bench.deleteRecursively(dir);
        Files.createDirectories(dir);
        List<String> allPops = PopCatalog.load(Optional.empty()).allRegionPops();
        List<String> pops = allPops.subList(0, 3);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Machine.describe());
        Duration retention = new Env(environment).retention();
        results.put("settings", settings(options, pops, retention));
        List<SoakRow> rows = new ArrayList<>();
        try (SimulatorEdge edge = SimulatorEdge.start(dir, allPops)) {
            Map<String, String> env = Bench.systemEnv(environment, dir, edge);
            Path stateDir = new Env(env).dataDir().resolve("streams");
            String warmerGroup = WarmerConfig.fromEnv(env).groupId();
            notes(print, options, pops, retention, stateDir, warmerGroup);
            try (Prewarm system = Prewarm.start(env); ConsumerLag lag = new ConsumerLag(system.bootstrapServers(), warmerGroup)) {
                BenchClient submitter = new BenchClient(system.httpPort());
                submitter.awaitReady(Duration.ofMinutes(2));
                // the poller has a client of its own, as a dashboard would, so its reads never queue behind a large POST
                try (StatusPoller poller = new StatusPoller(new BenchClient(system.httpPort()));
                     SoakLoad load = new SoakLoad(submitter, edge, poller, pops)) {
                    minutes(options.minutes(), load, new SoakMeter(poller, load, lag, stateDir), rows, print);
                }
            }
        }
        results.put("rows", rows);
        results.put("verdicts", verdicts(rows, retention, print));
        return results;
    }

    /** Starts the load and takes a row on each minute after, printing it. */
    private static void minutes(int minutes, SoakLoad load, SoakMeter meter, List<SoakRow> rows, PrintStream print) {
        long started = System.nanoTime();
        load.start();
        print.println(SoakRow.header());
        for (int minute = 1; minute <= minutes; minute++) {
            BenchClient.pause(Duration.ofNanos(Math.max(0, started + minute * ROW_EVERY.toNanos() - System.nanoTime())));
            SoakRow row = meter.take(minute);
            rows.add(row);
            print.println(row.line());
        }
    }

    private static Map<String, Object> settings(Options options, List<String> pops, Duration retention) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minutes", options.minutes());
        m.put("load", SoakLoad.describe(pops));
        m.put("retentionHours", retention.toHours());
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
        return m;
    }

    private static void notes(PrintStream print, Options options, List<String> pops, Duration retention, Path stateDir, String warmerGroup) {
        print.printf("soak: %d minute(s) against the edge simulator, heap limit %d MiB%n", options.minutes(), Runtime.getRuntime().maxMemory() >> 20);
        print.println("  load: " + SoakLoad.describe(pops));
        print.println("  tasks/s: tasks folded by the status store (succeeded + failed, from GET /status of the live jobs) per second of the minute");
        print.println("  p50/p99 ms, reads, !200: that minute's GET /status?detail=true&limit=1 reads of live jobs (one poller, a round every 100 ms)");
        print.println("  heap MiB: heap used after System.gc() (a full collection, forced once a minute); fds: entries of /proc/self/fd");
        print.println("  RocksMiB: bytes under " + stateDir + "; lag wrm: warmer group " + warmerGroup
                + " on prewarm.tasks; lag sts: the status store app on prewarm.jobs + prewarm.results (records, read_committed end minus committed)");
        print.printf("  retained: jobs GET /status still knows (404 = deleted). Jobs are deleted %d h after they end (PREWARM_RETENTION_HOURS,"
                + " at least 1 h), so a soak shorter than that deletes none and retained grows by every job submitted%n", retention.toHours());
        String log = System.getProperty("prewarm.log.file");
        if (log != null) {
            print.println("  the system's log: " + log);
        }
    }

    /** One verdict per judged metric, printed; retained jobs are expected to grow while retention deletes none. */
    private static List<SoakVerdict> verdicts(List<SoakRow> rows, Duration retention, PrintStream print) {
        List<SoakVerdict> verdicts = new ArrayList<>();
        for (SoakRow.Metric metric : SoakRow.JUDGED) {
            SoakVerdict.judge(metric.name(), rows.stream().map(r -> metric.value().applyAsDouble(r)).toList(), metric.floor()).ifPresent(verdicts::add);
        }
        if (verdicts.isEmpty()) {
            print.println("verdicts: none, the run is too short (a verdict compares the last third of the minutes with the middle third: 3 minutes at least)");
            return verdicts;
        }
        print.printf("verdicts (last third of the minutes against the middle third; flat within %.0f %% or the metric's floor):%n",
                SoakVerdict.RELATIVE_NOISE * 100);
        verdicts.forEach(v -> print.println(v.line() + (v.metric().equals("retained jobs") && v.trend() == SoakVerdict.Trend.GROWING
                ? " (expected: jobs are kept " + retention.toHours() + " h after they end)" : "")));
        return verdicts;
    }
}
