package io.prewarm.launcher.bench;

import io.prewarm.simulator.EdgeSimulator;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The default edge: the in-process simulator (Jetty, one loopback address per PoP, 16 KiB bodies),
 * which needs nothing installed and is what CI's {@code --smoke} run uses. Its CPU is part of the
 * JVM's, and it keeps no request count (recording every request would fill the heap).
 */
final class SimulatorEdge implements Edge {
    private final EdgeSimulator simulator;
    private final Path hosts;

    private SimulatorEdge(EdgeSimulator simulator, Path hosts) {
        this.simulator = simulator;
        this.hosts = hosts;
    }

    static SimulatorEdge start(Path dir, List<String> pops) {
        EdgeSimulator simulator = EdgeSimulator.builder().latency(Duration.ofMillis(20)).bodyBytes(16 * 1024).start();
        try {
            simulator.recordRequests(false);
            return new SimulatorEdge(simulator, simulator.writeHostsFile(dir.resolve("edge-hosts"), Bench.DIST, pops));
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "edge simulator (in this JVM)";
    }

    @Override
    public Path hostsFile() {
        return hosts;
    }

    @Override
    public InetAddress addressOf(String pop) {
        return simulator.addressOf(pop);
    }

    @Override
    public int httpPort() {
        return simulator.httpPort();
    }

    @Override
    public int httpsPort() {
        return simulator.httpsPort();
    }

    @Override
    public Optional<Path> caFile() {
        return Optional.of(simulator.caPem());
    }

    @Override
    public String path(Duration delay, String name) {
        simulator.latency(delay);
        return "/" + name;
    }

    @Override
    public OptionalLong requests() {
        return OptionalLong.empty();
    }

    @Override
    public OptionalDouble cpuSeconds() {
        return OptionalDouble.empty();
    }

    @Override
    public void close() {
        simulator.close();
    }
}
