package io.prewarm.simulator;

import java.util.Map;

/**
 * One request as the simulator saw it, so tests can assert on what the warmer actually sent and
 * where. {@code pop} is the PoP whose address the client connected to ({@code "UNKNOWN"} for an
 * unmapped address); {@code sni} is the TLS server name (null over plain HTTP or without SNI);
 * {@code host} and {@code acceptEncoding} are the raw header values (null when absent);
 * {@code headers} holds every header with its name lower-cased and repeated values joined by ", ".
 */
public record Request(String pop, boolean tls, String sni, String host, String pathAndQuery,
                      String acceptEncoding, Map<String, String> headers) {

    public Request {
        headers = Map.copyOf(headers);
    }
}
