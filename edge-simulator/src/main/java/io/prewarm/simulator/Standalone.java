package io.prewarm.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator as its own process, for trying Prewarm by hand against fake edges. Settings
 * come from the environment (SIM_HTTP_PORT, SIM_HTTPS_PORT, SIM_LATENCY_MS, SIM_BODY_BYTES,
 * SIM_DIST, SIM_TLS_HOSTNAMES, SIM_CACHE_MODE=true for cache mode, SIM_OVERLOAD_POP for PoPs that
 * shed every request) and the PoPs from the arguments; it writes the hosts file and CA into the
 * working directory, prints the Prewarm settings that use them, and runs until killed.
 */
final class Standalone {
    static final List<String> DEFAULT_POPS = List.of("IAD89-C1", "ATL56-C1", "FRA56-P2", "NRT57-P3", "GRU3-C1");
    static final Path HOSTS_FILE = Path.of("edge-simulator-hosts");
    static final Path CA_FILE = Path.of("edge-simulator-ca.pem");

    private Standalone() {
    }

    static void run(String[] args, Map<String, String> env) throws InterruptedException {
        List<String> pops = args.length > 0 ? List.of(args) : DEFAULT_POPS;
        String dist = env.getOrDefault("SIM_DIST", "d111111abcdef8");
        EdgeSimulatorBuilder builder = EdgeSimulator.builder()
                .httpPort(integer(env, "SIM_HTTP_PORT", 8081))
                .httpsPort(integer(env, "SIM_HTTPS_PORT", 8443))
                .latency(Duration.ofMillis(integer(env, "SIM_LATENCY_MS", 0)))
                .bodyBytes(integer(env, "SIM_BODY_BYTES", 1024))
                .cacheMode(Boolean.parseBoolean(env.getOrDefault("SIM_CACHE_MODE", "false").trim()));
        String tlsNames = env.get("SIM_TLS_HOSTNAMES");
        if (tlsNames != null && !tlsNames.isBlank()) {
            builder.tlsHostnames(Arrays.stream(tlsNames.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        Map<String, Fault.Status> overloads = overloads(env.getOrDefault("SIM_OVERLOAD_POP", ""));
        EdgeSimulator simulator = builder.start();
        overloads.forEach((pop, fault) -> simulator.fault(EdgeSimulator.ANY_PATH, pop, fault));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "edge-simulator-shutdown"));
        Path hosts = simulator.writeHostsFile(HOSTS_FILE, dist, pops).toAbsolutePath();
        Path ca = copyCa(simulator.caPem());
        explain(System.out, simulator, dist, pops, hosts, ca);
        overloads.forEach((pop, fault) -> System.out.printf("%s is overloaded: it answers every request %d %s%n",
                pop, fault.code(), fault.headers()));
        stopped.await();
    }

    private static Path copyCa(Path from) {
        try {
            return Files.copy(from, CA_FILE, StandardCopyOption.REPLACE_EXISTING).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + CA_FILE, e);
        }
    }

    static void explain(PrintStream out, EdgeSimulator simulator, String dist, List<String> pops, Path hosts, Path ca) {
        out.printf("Edge simulator playing %d PoPs (%s) for %s.cloudfront.net%n", pops.size(), String.join(", ", pops), dist);
        out.printf("  http on port %d, https on port %d%n", simulator.httpPort(), simulator.httpsPort());
        out.println("Point Prewarm at it with:");
        out.printf("  export PREWARM_HOSTS_FILE=%s%n", hosts);
        out.printf("  export PREWARM_EDGE_HTTP_PORT=%d%n", simulator.httpPort());
        out.printf("  export PREWARM_EDGE_HTTPS_PORT=%d%n", simulator.httpsPort());
        out.printf("  export PREWARM_TLS_CA_FILE=%s%n", ca);
        out.printf("and use cf_domain %s.cloudfront.net. Stop with Ctrl-C.%n", dist);
    }

    /**
     * SIM_OVERLOAD_POP: comma-separated {@code pop:status[:retry-after-seconds]}, e.g.
     * {@code ATL56-C1:503:2}; each such PoP answers every request with that status (and
     * Retry-After) for as long as the simulator runs.
     */
    static Map<String, Fault.Status> overloads(String spec) {
        Map<String, Fault.Status> overloads = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException("SIM_OVERLOAD_POP entries must be pop:status[:retry-after], got '" + entry + "'");
            }
            try {
                Fault.Status fault = Fault.status(Integer.parseInt(parts[1].trim()));
                overloads.put(parts[0].trim(), parts.length == 2 ? fault
                        : fault.withHeader("Retry-After", Integer.toString(Integer.parseUnsignedInt(parts[2].trim()))));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new IllegalArgumentException("SIM_OVERLOAD_POP: bad entry '" + entry + "': " + e.getMessage(), e);
            }
        }
        return overloads;
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
