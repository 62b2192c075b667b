package io.prewarm.launcher.bench;

import io.prewarm.contract.Distribution;
import io.prewarm.warmer.HostsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A real edge outside this JVM, given by the warmer's own settings (PREWARM_HOSTS_FILE,
 * PREWARM_EDGE_HTTP_PORT, PREWARM_EDGE_HTTPS_PORT, PREWARM_TLS_CA_FILE) and the benchmark's:
 * PREWARM_BENCH_EDGE_STATUS (an nginx stub_status URL: the request counter), PREWARM_BENCH_EDGE_PID_FILE
 * (its master's pid file: CPU of the master and its workers), PREWARM_BENCH_EDGE_DELAYS_MS (the
 * {@code /d<ms>/} path prefixes it serves). {@code scripts/nginx-edge} writes all of them to edge.env.
 */
final class ExternalEdge implements Edge {
    private static final HttpClient STATUS_CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String description;
    private final Path hostsPath;
    private final HostsFile hosts;
    private final int httpPort;
    private final int httpsPort;
    private final Optional<Path> ca;
    private final Optional<URI> status;
    private final Optional<Path> pidFile;
    private final Set<Long> delaysMs;
    private final Runnable onClose;

    private ExternalEdge(String description, Map<String, String> env, Runnable onClose) {
        this.description = description;
        this.hostsPath = Path.of(required(env, "PREWARM_HOSTS_FILE"));
        this.hosts = HostsFile.load(hostsPath);
        this.httpPort = Integer.parseInt(required(env, "PREWARM_EDGE_HTTP_PORT"));
        this.httpsPort = Integer.parseInt(required(env, "PREWARM_EDGE_HTTPS_PORT"));
        this.ca = optional(env, "PREWARM_TLS_CA_FILE").map(Path::of);
        this.status = optional(env, "PREWARM_BENCH_EDGE_STATUS").map(URI::create);
        this.pidFile = optional(env, "PREWARM_BENCH_EDGE_PID_FILE").map(Path::of);
        this.delaysMs = optional(env, "PREWARM_BENCH_EDGE_DELAYS_MS").map(ExternalEdge::delays).orElse(Set.of());
        this.onClose = onClose;
    }

    /** The edge the settings in {@code env} describe; {@code onClose} runs once when the benchmark is done with it. */
    static ExternalEdge fromEnv(Map<String, String> env, String description, Runnable onClose) {
        return new ExternalEdge(description, env, onClose);
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalArgumentException(name
                + " is not set: --edge=external needs the settings of a running edge, e.g. set -a; . DIR/edge.env; set +a"
                + " (scripts/nginx-edge start DIR writes them)"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Set<Long> delays(String list) {
        return Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).map(Long::parseLong).collect(Collectors.toSet());
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Path hostsFile() {
        return hostsPath;
    }

    @Override
    public InetAddress addressOf(String pop) {
        String name = Distribution.popHost(Bench.DIST, pop);
        List<InetAddress> addresses = hosts.lookup(name)
                .orElseThrow(() -> new IllegalArgumentException(hostsPath + " has no address for " + name));
        return addresses.get(0);
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    @Override
    public int httpsPort() {
        return httpsPort;
    }

    @Override
    public Optional<Path> caFile() {
        return ca;
    }

    @Override
    public String path(Duration delay, String name) {
        long ms = delay.toMillis();
        if (!delaysMs.isEmpty() && !delaysMs.contains(ms)) {
            throw new IllegalArgumentException("the edge serves delays of " + delaysMs + " ms (PREWARM_BENCH_EDGE_DELAYS_MS), not " + ms);
        }
        return "/d" + ms + "/" + name;
    }

    @Override
    public OptionalLong requests() {
        if (status.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            HttpResponse<String> r = STATUS_CLIENT.send(HttpRequest.newBuilder(status.get()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? stubStatusRequests(r.body()) : OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edge's request count at " + status.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code requests} figure of an nginx stub_status page: the third number on the line after
     * "server accepts handled requests". It counts the reading of the page itself.
     */
    static OptionalLong stubStatusRequests(String page) {
        List<String> lines = page.lines().map(String::trim).toList();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("server accepts handled requests")) {
                String[] numbers = lines.get(i + 1).split("\\s+");
                return numbers.length >= 3 && numbers[2].matches("[0-9]+") ? OptionalLong.of(Long.parseLong(numbers[2])) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public OptionalDouble cpuSeconds() {
        if (pidFile.isEmpty() || !Files.isReadable(pidFile.get())) {
            return OptionalDouble.empty();
        }
        try {
            return ProcessCpu.ofTree(Long.parseLong(Files.readString(pidFile.get()).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    @Override
    public void close() {
        onClose.run();
    }
}
