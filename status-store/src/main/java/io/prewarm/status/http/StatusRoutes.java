package io.prewarm.status.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.query.FinishedAnswers;
import io.prewarm.status.query.StatusQueries;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import io.prewarm.web.AccessControl;
import io.prewarm.web.ApiServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * {@code GET /status?requestID=...} (with {@code detail=true}: per-PoP counts and failures) and
 * {@code GET /report?requestID=...} (CSV of every task): answered from the local store when this
 * instance owns the key, otherwise forwarded to the owner's {@code /internal/...} twin, which
 * answers only from its own store and never forwards again (no ping-pong while ownership moves).
 * While ownership is unknown the answer is 503 with Retry-After, never a wrong or partial status.
 */
public final class StatusRoutes implements Consumer<JavalinConfig> {
    static final int MAX_PAGE = 100_000;

    private final Supplier<Optional<StatusQueries>> queries;
    private final boolean showSuccessUrls;
    private final Clock clock;
    private final PeerClient peers;
    private final FinishedAnswers finished = new FinishedAnswers();

    /** @param queries the store's queries, empty until its Streams app is started */
    public StatusRoutes(Supplier<Optional<StatusQueries>> queries, boolean showSuccessUrls, Clock clock, PeerClient peers) {
        this.queries = queries;
        this.showSuccessUrls = showSuccessUrls;
        this.clock = clock;
        this.peers = peers;
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
        Optional<StatusQueries> started = queries.get();
        if (started.isEmpty()) {
            Answers.unavailable(ctx, Answers.STARTING);
            return;
        }
        StatusQueries.Owner owner = started.get().owner(id);
        if (owner instanceof StatusQueries.Local local) {
            answerLocally(ctx, started.get(), id, local.partition(), answer);
        } else if (owner instanceof StatusQueries.Remote remote) {
            if (internalPath != null) {
                forward(ctx, internalPath, remote);
            } else {
                Answers.unavailable(ctx, "ownership of this requestID moved to " + remote.host());
            }
        } else {
            Answers.unavailable(ctx, ((StatusQueries.Unavailable) owner).why());
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
        OptionalInt limit = Answers.limit(ctx, MAX_PAGE);
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(c -> !c.isEmpty());
        if (limit.isPresent()) {
            return new StatusReader.Page(cursor, limit.getAsInt());
        }
        return cursor.isPresent() ? new StatusReader.Page(cursor, MAX_PAGE) : StatusReader.Page.ALL;
    }

    private void report(Context ctx, StatusReader reader, JobHeader header) throws IOException {
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"prewarm-" + header.requestID() + ".csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024);
        reader.report(header, out);
        out.flush();
    }

    private void answerLocally(Context ctx, StatusQueries queries, String id, int partition, Answer answer) throws IOException {
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
            Answers.unavailable(ctx, "status store partition " + partition + " is not queryable here right now");
        }
    }

    private void forward(Context ctx, String internalPath, StatusQueries.Remote owner) {
        Optional<String> apiKey = Optional.ofNullable(ctx.header(AccessControl.API_KEY_HEADER));
        ctx.future(() -> peers.forward(owner.host(), internalPath + "?" + ctx.queryString(), apiKey).thenAccept(reply ->
                reply.ifPresentOrElse(response -> relay(ctx, response),
                        () -> Answers.unavailable(ctx, "the instance owning this requestID (" + owner.host() + ") did not answer"))));
    }

    /** The owner's answer as it gave it: status, body, and the headers that matter to the caller. */
    private static void relay(Context ctx, HttpResponse<byte[]> response) {
        for (String header : List.of("Retry-After", "Content-Type", "Content-Disposition")) {
            response.headers().firstValue(header).ifPresent(v -> ctx.header(header, v));
        }
        ctx.status(response.statusCode()).result(response.body());
    }
}
