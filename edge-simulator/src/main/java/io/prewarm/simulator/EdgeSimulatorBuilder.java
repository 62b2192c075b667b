package io.prewarm.simulator;

import java.time.Duration;
import java.util.List;

/** Settings of an {@link EdgeSimulator}, started by {@link #start()}; every one has a default. */
public final class EdgeSimulatorBuilder {
    Duration latency = Duration.ZERO;
    int bodyBytes = 1024;
    List<String> tlsHostnames = List.of("*.example.com", "example.com", "localhost");
    int threads = 64;
    int httpPort;
    int httpsPort;

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

    public EdgeSimulator start() {
        return EdgeSimulator.start(this);
    }
}
