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
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A real edge outside this JVM, given by the warmer's own settings (PREWARM_HOSTS_FILE,
 * PREWARM_EDGE_HTTP_PORT, PREWARM_EDGE_HTTPS_PORT, PREWARM_TLS_CA_FILE) and the benchmark's:
 * PREWARM_BENCH_EDGE_STATUS (an nginx stub_status URL: the request counter), PREWARM_BENCH_ORIGIN_STATUS
 * (the same for the origin behind the edge's cache), PREWARM_BENCH_EDGE_PID_FILE (its masters' pid
 * files, comma-separated: CPU of the masters and their workers), PREWARM_BENCH_EDGE_DELAYS_MS (the
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
    private final AtomicLong statusReads = new AtomicLong();
    private final Optional<URI> originStatus;
    private final AtomicLong originStatusReads = new AtomicLong();
    private final List<Path> pidFiles;
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
        this.originStatus = optional(env, "PREWARM_BENCH_ORIGIN_STATUS").map(URI::create);
        this.pidFiles = optional(env, "PREWARM_BENCH_EDGE_PID_FILE").map(ExternalEdge::paths).orElse(List.of());
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

    private static List<Path> paths(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(p -> !p.isEmpty()).map(Path::of).toList();
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
        return count(status, statusReads);
    }

    @Override
    public OptionalLong originRequests() {
        return count(originStatus, originStatusReads);
    }

    /** A stub_status page's request count less this edge's own reads of that page (each counts itself), so two readings differ by the warm traffic only. */
    private static OptionalLong count(Optional<URI> page, AtomicLong reads) {
        if (page.isEmpty()) {
            return OptionalLong.empty();
        }
        long ownReads = reads.incrementAndGet();
        try {
            HttpResponse<String> r = STATUS_CLIENT.send(HttpRequest.newBuilder(page.get()).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            OptionalLong requests = r.statusCode() == 200 ? stubStatusRequests(r.body()) : OptionalLong.empty();
            return requests.isPresent() ? OptionalLong.of(requests.getAsLong() - ownReads) : requests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request count at " + page.get(), e);
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

    /** The CPU of every process tree the pid files name (the caching edge and its origin), or empty when one cannot be read. */
    @Override
    public OptionalDouble cpuSeconds() {
        if (pidFiles.isEmpty()) {
            return OptionalDouble.empty();
        }
        double total = 0;
        for (Path pidFile : pidFiles) {
            OptionalDouble tree = OptionalDouble.empty();
            try {
                if (Files.isReadable(pidFile)) {
                    tree = ProcessCpu.ofTree(Long.parseLong(Files.readString(pidFile).trim()));
                }
            } catch (IOException | NumberFormatException e) {
                tree = OptionalDouble.empty();
            }
            if (tree.isEmpty()) {
                return OptionalDouble.empty();
            }
            total += tree.getAsDouble();
        }
        return OptionalDouble.of(total);
    }

    @Override
    public void close() {
        onClose.run();
    }
}
