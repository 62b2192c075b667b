package io.prewarm.ingest;

import io.prewarm.contract.JobPublisher;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import java.util.concurrent.CompletableFuture;

/**
 * Where {@link IngestRoutes} hands an accepted request: Kafka in production ({@link #kafka}), a
 * recording fake in tests, so the REST edge can be tested without a broker. The future completes
 * once the request is durably taken and fails when it was not taken at all.
 */
public interface RequestSink {
    /** Publishes a validated request (its PoPs resolved) under {@code requestID}. */
    CompletableFuture<Void> publish(String requestID, PrewarmRequest request);

    /**
     * The request split into chunks of bounded size and published with their registrations in one
     * transaction ({@link JobPublisher}), so the job is known to the status store once this completes.
     */
    static RequestSink kafka(JobPublisher publisher) {
        return (requestID, request) -> publisher.publish(requestID, RequestChunker.split(request));
    }
}
