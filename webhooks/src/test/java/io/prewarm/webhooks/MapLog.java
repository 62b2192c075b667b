package io.prewarm.webhooks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link DeliveryLog}: what the status store's Streams store is in production. */
final class MapLog implements DeliveryLog {
    private final Map<String, DeliveryState> states = new ConcurrentHashMap<>();

    @Override
    public Optional<DeliveryState> get(String requestID) {
        return Optional.ofNullable(states.get(requestID));
    }

    @Override
    public void put(DeliveryState state) {
        states.put(state.requestID(), state);
    }

    @Override
    public Iterable<DeliveryState> all() {
        return List.copyOf(states.values());
    }

    DeliveryState of(String requestID) {
        return get(requestID).orElseThrow();
    }
}
