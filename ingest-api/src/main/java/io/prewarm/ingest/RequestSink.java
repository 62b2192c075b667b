package io.prewarm.ingest;

import io.prewarm.contract.PrewarmRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link IngestRoutes} hands an accepted request: Kafka in production ({@link RequestPublisher}),
 * a recording fake in tests, so the REST edge can be tested without a broker. The future completes
 * once the request is durably taken and fails when it was not taken at all.
 */
public interface RequestSink {
    /** Publishes a validated request (its PoPs resolved) under {@code requestID}. */
    CompletableFuture<Void> publish(String requestID, PrewarmRequest request);
}
