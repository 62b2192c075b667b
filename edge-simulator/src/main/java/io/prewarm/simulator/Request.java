package io.prewarm.simulator;

import java.time.Instant;
import java.util.Map;

/**
 * One request as the simulator saw it, so tests can assert on what the warmer actually sent and
 * where. {@code pop} is the PoP whose address the client connected to ({@code "UNKNOWN"} for an
 * unmapped address); {@code sni} is the TLS server name (null over plain HTTP or without SNI);
 * {@code host} and {@code acceptEncoding} are the raw header values (null when absent);
 * {@code headers} holds every header with its name lower-cased and repeated values joined by ", ".
 * {@code receivedAtNanos} is when its head began to arrive, on the {@link System#nanoTime()}
 * scale, for counting requests per window (see {@link EdgeSimulator#maxRequestsInAnyWindow});
 * {@code receivedAt} is the wall-clock moment the simulator handled it, for comparing with a
 * {@code Retry-After} date or a back-off's retry time.
 */
public record Request(String pop, boolean tls, String sni, String host, String pathAndQuery,
                      String acceptEncoding, Map<String, String> headers, long receivedAtNanos, Instant receivedAt) {

    public Request {
        headers = Map.copyOf(headers);
    }

    /** A request received now. */
    public Request(String pop, boolean tls, String sni, String host, String pathAndQuery,
                   String acceptEncoding, Map<String, String> headers) {
        this(pop, tls, sni, host, pathAndQuery, acceptEncoding, headers, System.nanoTime(), Instant.now());
    }
}
