package io.prewarm.launcher.bench;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Where the benchmark's warm requests go: the edge simulator in this JVM, or a real edge outside it
 * (nginx started by {@code scripts/nginx-edge}, or one already running). Both answer like a cache in
 * front of an origin, so a verified task's second request is a hit. The system and the raw loop
 * reach a PoP through the same hosts file, ports and CA, which this gives. An answer's delay is a
 * setting of the simulator but a path prefix on a real edge. An edge outside the JVM can say how
 * many requests it answered and how much CPU it used: that is what shows extra requests and how the
 * machine's CPU was split between the system and the edge; the simulator counts requests only while
 * asked to ({@link #countRequests}), since keeping each one costs heap.
 */
sealed interface Edge extends AutoCloseable permits SimulatorEdge, ExternalEdge {

    /** What the edge is, for the report ("simulator", "nginx 1.22.1, 1 worker"). */
    String describe();

    Path hostsFile();

    /** The address the hosts file gives the PoP (its first, as the warmer's first attempt uses). */
    InetAddress addressOf(String pop);

    int httpPort();

    int httpsPort();

    /** The CA an HTTPS client must trust to reach this edge. */
    Optional<Path> caFile();

    /**
     * The URL path under which a case named {@code name} is answered after {@code delay}. The
     * simulator has one delay for every request, so asking for a path also sets it: run one case at a time.
     */
    String path(Duration delay, String name);

    /** Requests the edge has answered so far, every one counted (the edge's own counter reads left out), when it can tell. */
    OptionalLong requests();

    /** Requests that went through to the origin so far (cache misses and revalidations), when it can tell. */
    OptionalLong originRequests();

    /**
     * Starts ({@code true}) or stops counting every request, for an edge that counts only on demand;
     * read {@link #requests()} only between runs, with nothing in flight.
     */
    default void countRequests(boolean on) {
    }

    /** CPU seconds the edge's processes have used so far, when they run on this machine and can be read. */
    OptionalDouble cpuSeconds();

    /** The settings that send the warmer (and so the raw loop) to this edge. */
    default Map<String, String> settings() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PREWARM_HOSTS_FILE", hostsFile().toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(httpPort()));
        env.put("PREWARM_EDGE_HTTPS_PORT", String.valueOf(httpsPort()));
        caFile().ifPresent(ca -> env.put("PREWARM_TLS_CA_FILE", ca.toString()));
        return env;
    }

    @Override
    void close();
}
