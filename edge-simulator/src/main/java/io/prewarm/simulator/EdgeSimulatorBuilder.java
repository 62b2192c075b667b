package io.prewarm.simulator;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;

/** Settings of an {@link EdgeSimulator}, started by {@link #start()}; every one has a default. */
public final class EdgeSimulatorBuilder {
    Duration latency = Duration.ZERO;
    int bodyBytes = 1024;
    List<String> tlsHostnames = List.of("*.example.com", "example.com", "localhost");
    int threads = 64;
    int httpPort;
    int httpsPort;
    boolean cacheMode;
    InstantSource clock = InstantSource.system();

    EdgeSimulatorBuilder() {
    }

    /** Added before answering every request; default 0. */
    public EdgeSimulatorBuilder latency(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + d);
        }
        latency = d;
        return this;
    }

    /** Size of 200 bodies; default 1024. */
    public EdgeSimulatorBuilder bodyBytes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("bodyBytes must be >= 0, got " + n);
        }
        bodyBytes = n;
        return this;
    }

    /** SANs of the HTTPS certificate; default *.example.com, example.com, localhost. */
    public EdgeSimulatorBuilder tlsHostnames(List<String> names) {
        tlsHostnames = List.copyOf(names);
        return this;
    }

    /** Handler threads (nothing blocks them: latency and stalls hold none); default 64. */
    public EdgeSimulatorBuilder threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
        return this;
    }

    /** Default 0: a free port. */
    public EdgeSimulatorBuilder httpPort(int p) {
        httpPort = p;
        return this;
    }

    /** Default 0: a free port. */
    public EdgeSimulatorBuilder httpsPort(int p) {
        httpsPort = p;
        return this;
    }

    /**
     * Cache mode: each PoP a cache in front of one origin in this JVM that honours Cache-Control,
     * sends ETag and Last-Modified and answers conditional requests; see {@link Origin} for the
     * paths that are not cacheable or expire early. Default off: every variant is a Miss, then Hits.
     */
    public EdgeSimulatorBuilder cacheMode(boolean on) {
        cacheMode = on;
        return this;
    }

    /** The cache-mode clock (ages and expiry); for tests that move time on. Default the system clock. */
    EdgeSimulatorBuilder clock(InstantSource source) {
        clock = source;
        return this;
    }

    public EdgeSimulator start() {
        return EdgeSimulator.start(this);
    }
}
