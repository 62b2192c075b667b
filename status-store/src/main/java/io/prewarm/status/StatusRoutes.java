package io.prewarm.status;

import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import io.prewarm.web.AccessControl;
import io.prewarm.web.ApiServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /status?requestID=...} (with {@code detail=true}: per-PoP counts and failures) and
 * {@code GET /report?requestID=...} (CSV of every task): answered from the local store when this
 * instance owns the key, otherwise forwarded to the owner's {@code /internal/...} twin, which
 * answers only from its own store and never forwards again (no ping-pong while ownership moves). While ownership is
 * unknown the answer is 503 with Retry-After, never a wrong or partial status.
 */
public final class StatusRoutes implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusRoutes.class);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_PAGE = 100_000;

    private final StatusQueries queries;
    private final boolean showSuccessUrls;
    private final Clock clock;
    private final Map<HostInfo, Long> lastWarned = new ConcurrentHashMap<>();
    private final FinishedAnswers finished = new FinishedAnswers();
    private final HttpClient forwarder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public StatusRoutes(StatusQueries queries, boolean showSuccessUrls, Clock clock) {
        this.queries = queries;
        this.showSuccessUrls = showSuccessUrls;
        this.clock = clock;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/status", ctx -> serve(ctx, "/internal/status", this::status));
        config.routes.get("/report", ctx -> serve(ctx, "/internal/report", this::report));
        config.routes.get("/internal/status", ctx -> serve(ctx, null, this::status));
        config.routes.get("/internal/report", ctx -> serve(ctx, null, this::report));
    }

    private interface Answer {
        void write(Context ctx, StatusReader reader, JobHeader header) throws IOException;
    }

    /** Answers from the local store, or forwards to {@code internalPath} on the owner (null: never forward). */
    private void serve(Context ctx, String internalPath, Answer answer) throws IOException {
        String id = ctx.queryParam("requestID");
        if (id == null || id.isBlank()) {
            ApiServer.message(ctx, 400, "requestID: query parameter is required, as in " + ctx.path() + "?requestID=...");
            return;
        }
        StatusQueries.Owner owner = queries.owner(id);
        if (owner instanceof StatusQueries.Local local) {
            answerLocally(ctx, id, local.partition(), answer);
        } else if (owner instanceof StatusQueries.Remote remote) {
            if (internalPath != null) {
                forward(ctx, internalPath, id, remote);
            } else {
                unavailable(ctx, "ownership of this requestID moved to " + remote.host());
            }
        } else {
            unavailable(ctx, ((StatusQueries.Unavailable) owner).why());
        }
    }

    private void status(Context ctx, StatusReader reader, JobHeader header) {
        StatusReader.Page page = page(ctx);
        boolean detail = "true".equalsIgnoreCase(ctx.queryParam("detail"));
        if (!header.finished()) {
            ctx.json(answer(reader, header, page, detail));
            return;
        }
        String key = header.requestID() + '|' + header.finishedAt() + '|' + detail + '|' + page.limit() + '|' + page.cursor().orElse("");
        ctx.contentType("application/json").result(finished.get(key, () -> json(answer(reader, header, page, detail))));
    }

    private StatusView answer(StatusReader reader, JobHeader header, StatusReader.Page page, boolean detail) {
        StatusView view = reader.view(header, clock.millis(), showSuccessUrls, page);
        return detail && header.error() == null ? view.withDetail(reader.detail(header)) : view;
    }

    private static byte[] json(StatusView view) {
        try {
            return Json.MAPPER.writeValueAsBytes(view);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusReader.Page page(Context ctx) {
        String limit = ctx.queryParam("limit");
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isEmpty());
        if (limit == null) {
            return cursor.isPresent() ? new StatusReader.Page(cursor, MAX_PAGE) : StatusReader.Page.ALL;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_PAGE) {
                return new StatusReader.Page(cursor, n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestResponse("limit: must be a whole number from 1 to " + MAX_PAGE + ", got '" + limit + "'");
    }

    private void report(Context ctx, StatusReader reader, JobHeader header) throws IOException {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"prewarm-" + header.requestID() + ".csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024);
        reader.report(header, out);
        out.flush();
    }

    private void answerLocally(Context ctx, String id, int partition, Answer answer) throws IOException {
        try {
            StatusReader reader = queries.local(partition);
            Optional<JobHeader> header = reader.header(id);
            if (header.isEmpty()) {
                ApiServer.message(ctx, 404, "requestID: no prewarm request " + id + " is known (a request accepted a moment ago appears within seconds)");
                return;
            }
            answer.write(ctx, reader, header.get());
        } catch (InvalidStateStoreException e) {
            // the stores are resolved lazily: ownership can move in the middle of an answer
            unavailable(ctx, "status store partition " + partition + " is not queryable here right now");
        }
    }

    private void forward(Context ctx, String internalPath, String id, StatusQueries.Remote owner) {
        URI uri = URI.create("http://" + owner.host().host() + ":" + owner.host().port() + internalPath + "?" + ctx.queryString());
        HttpRequest request = forwardRequest(uri, Optional.ofNullable(ctx.header(AccessControl.API_KEY_HEADER)));
        ctx.future(() -> forwarder.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                warnOnce(owner.host(), error);
                unavailable(ctx, "the instance owning this requestID (" + owner.host() + ") did not answer");
            } else {
                for (String header : List.of("Retry-After", "Content-Type", "Content-Disposition")) {
                    response.headers().firstValue(header).ifPresent(v -> ctx.header(header, v));
                }
                ctx.status(response.statusCode()).result(response.body());
            }
            return null;
        }));
    }

    /**
     * The request to the owner's internal endpoint. It carries the caller's API key, when one was
     * given, because with {@code PREWARM_API_KEYS} set the owner checks {@code /internal/*} too. A
     * value HttpClient could not send (control characters) cannot be a configured key and is left out.
     */
    static HttpRequest forwardRequest(URI uri, Optional<String> apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(FORWARD_TIMEOUT).GET();
        apiKey.filter(StatusRoutes::sendable).ifPresent(key -> request.header(AccessControl.API_KEY_HEADER, key));
        return request.build();
    }

    private static boolean sendable(String headerValue) {
        return !headerValue.isEmpty() && headerValue.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
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
