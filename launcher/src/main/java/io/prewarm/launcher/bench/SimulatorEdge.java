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
 * The default edge: the in-process simulator (Jetty, one loopback address per PoP, 16 KiB bodies) in
 * cache mode, each PoP a cache in front of one origin whose requests it counts; it needs nothing
 * installed and is what CI's {@code --smoke} run uses. Its CPU is part of the JVM's. It counts the
 * requests it answers only while {@link #countRequests} is on (the simulator keeps each request, which
 * over a whole benchmark would fill the heap): the count is kept and the kept requests dropped at each read.
 */
final class SimulatorEdge implements Edge {
    private final EdgeSimulator simulator;
    private final Path hosts;
    private volatile boolean counting;
    private long counted;

    private SimulatorEdge(EdgeSimulator simulator, Path hosts) {
        this.simulator = simulator;
        this.hosts = hosts;
    }

    static SimulatorEdge start(Path dir, List<String> pops) {
        EdgeSimulator simulator = EdgeSimulator.builder().cacheMode(true).latency(Duration.ofMillis(20)).bodyBytes(16 * 1024).start();
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
        return "edge simulator in cache mode (in this JVM)";
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
    public synchronized OptionalLong requests() {
        if (!counting) {
            return OptionalLong.empty();
        }
        counted += simulator.requests().size();
        simulator.clearRequests();
        return OptionalLong.of(counted);
    }

    @Override
    public OptionalLong originRequests() {
        return OptionalLong.of(simulator.originRequests());
    }

    @Override
    public synchronized void countRequests(boolean on) {
        simulator.clearRequests();
        simulator.recordRequests(on);
        counting = on;
        counted = 0;
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
