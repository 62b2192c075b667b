package io.prewarm.ingest;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.prewarm.contract.InvalidRequestException;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestIds;
import io.prewarm.contract.RequestTooLargeException;
import io.prewarm.contract.RequestValidator;
import io.prewarm.web.ApiServer;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /prewarm}: validate, publish, answer the requestID once Kafka has committed the
 * request and its registration (so {@code GET /status} knows the job from then on, never a 404).
 * A user's mistake is a 4xx naming the field; Kafka being unavailable is a 503 with Retry-After,
 * and then nothing was accepted, so a retry cannot create a duplicate job.
 */
public final class IngestRoutes implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoutes.class);

    private final RequestValidator validator;
    private final RequestSink publisher;

    public IngestRoutes(RequestValidator validator, RequestSink publisher) {
        this.validator = validator;
        this.publisher = publisher;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.post("/prewarm", this::submit);
    }

    private void submit(Context ctx) {
        PrewarmRequest request;
        try {
            request = validator.submission(JsonBody.read(ctx));
        } catch (HttpResponseException e) {
            ApiServer.message(ctx, e.getStatus(), e.getMessage());
            return;
        } catch (InvalidRequestException e) {
            ApiServer.message(ctx, 400, e.getMessage());
            return;
        } catch (RequestTooLargeException e) {
            ApiServer.message(ctx, 413, e.getMessage());
            return;
        }
        String id = RequestIds.next();
        ctx.future(() -> publisher.publish(id, request).handle((ok, error) -> {
            if (error == null) {
                LOG.info("request {} accepted: {} URLs x {} PoPs", id, request.urlList().size(), request.pops().size());
                ctx.json(Map.of("requestID", id));
            } else {
                LOG.warn("request not accepted, Kafka unavailable: {}", error.getMessage());
                ctx.header("Retry-After", "5");
                ApiServer.message(ctx, 503, "Kafka is unavailable, the request was not accepted; retry later");
            }
            return null;
        }));
    }
}
