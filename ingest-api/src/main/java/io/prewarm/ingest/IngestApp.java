package io.prewarm.ingest;

import io.javalin.config.JavalinConfig;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import java.util.function.Consumer;

/**
 * The ingest role: {@code POST /prewarm} publishing to Kafka. The one way to start it, for the
 * launcher and for tests; the routes are served by whichever HTTP server the caller runs.
 */
public final class IngestApp implements AutoCloseable {
    private final RequestPublisher publisher;
    private final IngestRoutes routes;

    private IngestApp(RequestPublisher publisher, IngestRoutes routes) {
        this.publisher = publisher;
        this.routes = routes;
    }

    public static IngestApp start(IngestConfig config) {
        RequestPublisher publisher = new RequestPublisher(config.bootstrapServers());
        return new IngestApp(publisher, new IngestRoutes(new RequestValidator(PopCatalog.load(config.popCatalog()), config.maxUrls()), publisher));
    }

    public Consumer<JavalinConfig> routes() {
        return routes;
    }

    @Override
    public void close() {
        publisher.close();
    }
}
