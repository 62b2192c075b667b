package io.prewarm.status.fold;

import io.prewarm.webhooks.DeliveryLog;
import io.prewarm.webhooks.DeliveryState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A stream task's webhook deliveries kept in its {@code job-webhooks} store: durable through the
 * changelog, so a delivery survives a restart and moves with its job's partition, and deleted with
 * its job by retention. Used on the stream thread only, as {@code Deliveries} requires.
 */
final class StoredDeliveryLog implements DeliveryLog {
    private final KeyValueStore<String, DeliveryState> store;

    StoredDeliveryLog(KeyValueStore<String, DeliveryState> store) {
        this.store = store;
    }

    @Override
    public Optional<DeliveryState> get(String requestID) {
        return Optional.ofNullable(store.get(StatusStores.webhookKey(requestID)));
    }

    @Override
    public void put(DeliveryState state) {
        store.put(StatusStores.webhookKey(state.requestID()), state);
    }

    /** A copy, so the caller may write while going through it; read once per task start. */
    @Override
    public Iterable<DeliveryState> all() {
        List<DeliveryState> all = new ArrayList<>();
        try (KeyValueIterator<String, DeliveryState> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }
}
