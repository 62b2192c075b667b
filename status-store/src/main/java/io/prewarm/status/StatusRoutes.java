package io.prewarm.status;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.web.ApiServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /status?requestID=...}: answered from the local store when this instance owns the
 * key, otherwise forwarded to the owner's {@code /internal/status}, which answers only from its
 * own store and never forwards again (no ping-pong while ownership moves). While ownership is
 * unknown the answer is 503 with Retry-After, never a wrong or partial status.
 */
public final class StatusRoutes implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRoutes.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final StatusQueries queries;
    private final boolean showSuccessUrls;
    private final Clock clock;
    private final Map<HostInfo, Long> lastWarned = new ConcurrentHashMap<>();
    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StatusRoutes(StatusQueries queries, boolean showSuccessUrls, Clock clock) {
        this.queries = queries;
        this.showSuccessUrls = showSuccessUrls;
        this.clock = clock;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/status", ctx -> status(ctx, true));
        config.routes.get("/internal/status", ctx -> status(ctx, false));
    }

    private void status(Context ctx, boolean mayForward) {
        String id = ctx.queryParam("requestID");
        if (id == null || id.isBlank()) {
            ApiServer.message(ctx, 400, "requestID: query parameter is required, as in /status?requestID=...");
            return;
        }
        StatusQueries.Owner owner = queries.owner(id);
        if (owner instanceof StatusQueries.Local local) {
            answerLocally(ctx, id, local.partition());
        } else if (owner instanceof StatusQueries.Remote remote) {
            if (mayForward) {
                forward(ctx, id, remote);
            } else {
                unavailable(ctx, "ownership of this requestID moved to " + remote.host());
            }
        } else {
            unavailable(ctx, ((StatusQueries.Unavailable) owner).why());
        }
    }

    private void answerLocally(Context ctx, String id, int partition) {
        try {
            var state = queries.local(id, partition).filter(s -> s.job() != null);
            if (state.isEmpty()) {
                ApiServer.message(ctx, 404, "requestID: no prewarm request " + id + " is known (a request accepted a moment ago appears within seconds)");
                return;
            }
            ctx.json(StatusView.of(state.get(), clock.millis(), showSuccessUrls));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, "status store partition " + partition + " is not queryable here right now");
        }
    }

    private void forward(Context ctx, String id, StatusQueries.Remote owner) {
        URI uri = URI.create("http://" + owner.host().host() + ":" + owner.host().port()
                + "/internal/status?requestID=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET().build();
        ctx.future(() -> forwarder.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                warnOnce(owner.host(), error);
                unavailable(ctx, "the instance owning this requestID (" + owner.host() + ") did not answer");
            } else {
                response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
                ctx.status(response.statusCode()).contentType("application/json").result(response.body());
            }
            return null;
        }));
    }

    /** One line per unreachable owner per minute: a rebalance can fail many forwards at once. */
    private void warnOnce(HostInfo owner, Throwable error) {
        long now = System.nanoTime();
        Long previous = lastWarned.get(owner);
        if (previous == null || now - previous > TimeUnit.MINUTES.toNanos(1)) {
            lastWarned.put(owner, now);
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            LOG.warn("status queries owned by {} cannot be forwarded ({}); answering 503 until ownership settles", owner, cause.toString());
        }
    }

    private static void unavailable(Context ctx, String why) {
        ctx.header("Retry-After", "1");
        ApiServer.message(ctx, 503, why + "; retry shortly");
    }
}
