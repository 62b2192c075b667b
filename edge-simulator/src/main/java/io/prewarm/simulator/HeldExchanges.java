package io.prewarm.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where stalled requests wait. A stalled exchange is parked here and its handler thread returns,
 * so stalls never use up the handler pool and never keep {@link EdgeSimulator#close()} waiting;
 * the client sees silence until it gives up. Closing releases every parked exchange by closing
 * its connection.
 */
final class HeldExchanges {
    private final Set<HttpExchange> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    void hold(HttpExchange exchange) {
        held.add(exchange);
        if (closed) {
            release(exchange);
        }
    }

    int size() {
        return held.size();
    }

    void releaseAll() {
        closed = true;
        held.forEach(this::release);
    }

    private void release(HttpExchange exchange) {
        if (held.remove(exchange)) {
            exchange.close();
        }
    }
}
