package io.prewarm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for many CloudFront edge PoPs at once, over HTTP and HTTPS, for integration tests,
 * {@code ./prewarm demo} and the benchmark. Each PoP gets its own loopback address, published
 * through a hosts file, and both servers listen on 0.0.0.0, so the address a request arrived on
 * says which PoP it is for. PoPs keep per-variant caches (Miss, then Hit), every request is
 * recorded with its arrival time, and faults (error status with headers, redirect, stall,
 * dropped connection) can be switched on per path and PoP at runtime, for good or for a number of
 * requests. In cache mode ({@link EdgeSimulatorBuilder#cacheMode}) each PoP is instead a cache
 * that honours the Cache-Control of one origin, whose requests are counted. Sample documents (sitemaps,
 * HLS playlists, a DASH MPD: see {@link SampleDocuments}) answer at their paths in both modes. The HTTPS
 * certificate comes from a CA generated at start; trust {@link #caPem()}.
 */
public final class EdgeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeSimulator.class);

    /** The path of a fault for every path at its PoP(s); see {@link #fault(String, String, Fault)}. */
    public static final String ANY_PATH = FaultTable.ANY_PATH;

    private final PopAddresses pops = new PopAddresses();
    private final HostsFileWriter hostsFile = new HostsFileWriter(pops);
    private final FaultTable faults = new FaultTable();
    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final StalledRequests stalled = new StalledRequests();
    private final Concurrency concurrency = new Concurrency();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EdgeServers servers;
    private final EdgeHandler handler;
    private final Origin origin;
    private volatile boolean recording = true;
    private final Path caPem;

    private EdgeSimulator(EdgeSimulatorBuilder settings) throws IOException {
        SimulatorCa ca = SimulatorCa.create(settings.tlsHostnames);
        origin = new Origin(settings.clock.instant());
        Optional<HttpCache> httpCache = settings.cacheMode
                ? Optional.of(new HttpCache(origin, settings.clock)) : Optional.empty();
        handler = new EdgeHandler(settings.latency, pops, faults, new EdgeCache(), httpCache, stalled,
                new Responses(settings.bodyBytes), this::record, concurrency);
        servers = new EdgeServers(settings.threads, ca, stalled, handler);
        caPem = Files.createTempFile("edge-simulator-ca", ".pem");
        Files.writeString(caPem, ca.caPem());
    }

    public static EdgeSimulatorBuilder builder() {
        return new EdgeSimulatorBuilder();
    }

    private void record(Request request) {
        if (recording) {
            requests.add(request);
        }
    }

    /** Changes the latency added to every answer from now on. */
    public EdgeSimulator latency(Duration latency) {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        handler.latency(latency);
        return this;
    }

    /** Stops (or resumes) keeping every request in {@link #requests()}: a long benchmark would fill memory with them. */
    public EdgeSimulator recordRequests(boolean on) {
        recording = on;
        return this;
    }

    public int httpPort() {
        return servers.httpPort();
    }

    public int httpsPort() {
        return servers.httpsPort();
    }

    /** PEM of the CA that signed the HTTPS certificate; the file is deleted on {@link #close()}. */
    public Path caPem() {
        return caPem;
    }

    /**
     * Writes a hosts file mapping {@code <dist>.<POP>.cloudfront.net} for each pop to that PoP's
     * loopback address; returns file. Calling again with more pops extends the mapping: the file
     * always holds every name written so far.
     */
    public Path writeHostsFile(Path file, String dist, Collection<String> pops) {
        return hostsFile.write(file, dist, pops);
    }

    /** The loopback address assigned to a pop (assigns one if new). */
    public InetAddress addressOf(String pop) {
        return pops.assign(pop);
    }

    /**
     * From now on, answer requests for exactly {@code path} (the raw path as sent, no query; or
     * {@link #ANY_PATH}) at {@code popOrNull} (null = every PoP) with {@code fault}, until
     * {@link #clearFaults()}. The most specific fault applies, path before PoP: (path, PoP), then
     * (path, every PoP), then (any path, PoP), then (any path, every PoP). Setting one for the same
     * path and PoP again replaces it. Faulted requests are recorded but never enter the PoP's cache.
     */
    public EdgeSimulator fault(String path, String popOrNull, Fault fault) {
        faults.put(path, popOrNull, fault);
        return this;
    }

    /**
     * As {@link #fault(String, String, Fault)}, but only for the first {@code times} matching
     * requests: then the fault removes itself and the next most specific one, or a normal answer,
     * takes over. E.g. {@code fault(ANY_PATH, "ATL56-C1", Fault.retryAfter(503, Duration.ofSeconds(1)), 5)}
     * overloads a PoP for five requests, after which it recovers with no one clearing it.
     */
    public EdgeSimulator fault(String path, String popOrNull, Fault fault, int times) {
        faults.put(path, popOrNull, fault, times);
        return this;
    }

    /** Removes every fault; requests already stalled stay stalled. */
    public void clearFaults() {
        faults.clear();
    }

    /** Every request seen, in arrival order, faulted ones included. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The most recorded requests matching {@code which} whose arrivals fall within one window of
     * length {@code window} (a request at t counts in [t, t + window)), over every placement of the
     * window: how a test checks a rate cap, e.g. {@code maxRequestsInAnyWindow(Duration.ofSeconds(1),
     * r -> r.pop().equals("ATL56-C1"))}. Computed from {@link #requests()}, so only requests seen
     * while recording and since the last {@link #clearRequests()} count.
     */
    public int maxRequestsInAnyWindow(Duration window, Predicate<Request> which) {
        return RequestWindows.maxInAnyWindow(requests, window, which);
    }

    /** The most requests this PoP was answering at the same time (stalled ones not counted). */
    public int peakConcurrency(String pop) {
        return concurrency.peak(pop);
    }

    /** The most requests answered at the same time across all PoPs. */
    public int peakConcurrency() {
        return concurrency.peak();
    }

    /** Requests that reached the origin, from every PoP; always 0 outside cache mode (there is no origin). */
    public long originRequests() {
        return origin.requests();
    }

    /** Requests for exactly {@code path} (no query) that reached the origin. */
    public long originRequests(String path) {
        return origin.requests(path);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops both servers at once, cutting off stalled and in-progress requests. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        servers.close();
        try {
            Files.deleteIfExists(caPem);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", caPem, e.toString());
        }
    }

    /** Standalone: see {@link Standalone}. */
    public static void main(String[] args) throws InterruptedException {
        Standalone.run(args, System.getenv());
    }

    /** Starts a simulator with these settings (see {@link EdgeSimulatorBuilder#start()}). */
    static EdgeSimulator start(EdgeSimulatorBuilder settings) {
        EdgeSimulator simulator;
        try {
            simulator = new EdgeSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the edge simulator", e);
        }
        try {
            simulator.servers.start(settings.httpPort, settings.httpsPort);
            LOG.info("edge simulator listening on http {} and https {}", simulator.httpPort(), simulator.httpsPort());
            return simulator;
        } catch (Exception e) {
            simulator.close();
            throw new IllegalStateException("cannot start the edge simulator on ports " + settings.httpPort + "/" + settings.httpsPort, e);
        }
    }
}
