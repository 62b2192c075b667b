package io.prewarm.webhooks;

import java.util.Optional;

/**
 * Where {@link Deliveries} keeps its durable state, one {@link DeliveryState} per job: in production a
 * Kafka Streams store of the status store (so deliveries survive restarts and move with the job's
 * partition), in tests a map. Only {@link Deliveries} writes it, on the thread that calls it.
 */
public interface DeliveryLog {
    Optional<DeliveryState> get(String requestID);

    void put(DeliveryState state);

    /**
     * Every delivery; read to its end once, on the first tick after a start, to find the pending ones
     * (a store-backed log returns a copy, or an iterable that closes its store iterator at the end).
     */
    Iterable<DeliveryState> all();
}
