package io.prewarm.ingest;

import io.prewarm.contract.PrewarmRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RequestSink} that accepts everything and remembers it, so tests of the REST edge can
 * check exactly what would have gone to Kafka (and that a refused body sent nothing).
 */
final class RecordingSink implements RequestSink {
    record Published(String requestID, PrewarmRequest request) {
    }

    private final List<Published> published = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> publish(String requestID, PrewarmRequest request) {
        published.add(new Published(requestID, request));
        return CompletableFuture.completedFuture(null);
    }

    List<Published> published() {
        return List.copyOf(published);
    }

    int count() {
        return published.size();
    }

    void clear() {
        published.clear();
    }
}
