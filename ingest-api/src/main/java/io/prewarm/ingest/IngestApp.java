package io.prewarm.ingest;

import io.javalin.config.JavalinConfig;
import io.prewarm.contract.JobPublisher;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The ingest role: {@code POST /prewarm} publishing to Kafka. The one way to start it, for the
 * launcher and for tests; the routes are served by whichever HTTP server the caller runs.
 */
public final class IngestApp implements AutoCloseable {
    private final JobPublisher publisher;
    private final IngestRoutes routes;

    private IngestApp(JobPublisher publisher, IngestRoutes routes) {
        this.publisher = publisher;
        this.routes = routes;
    }

    public static IngestApp start(IngestConfig config) {
        JobPublisher publisher = new JobPublisher(config.bootstrapServers(), config.requestTimeout(), Clock.systemUTC());
        RequestValidator validator = new RequestValidator(PopCatalog.load(config.popCatalog()), config.maxUrls(), config.webhooks());
        return new IngestApp(publisher, new IngestRoutes(validator, RequestSink.kafka(publisher)));
    }

    public Consumer<JavalinConfig> routes() {
        return routes;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
