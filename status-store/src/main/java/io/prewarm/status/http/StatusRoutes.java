package io.prewarm.status.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.query.FinishedAnswers;
import io.prewarm.status.query.StatusQueries;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code GET /status?requestID=...} (with {@code detail=true}: per-PoP counts and failures) and
 * {@code GET /report?requestID=...} (CSV of every task), the requestID also taken from a JSON body:
 * answered where the job is ({@link JobRouting}), never with a wrong or partial status.
 */
public final class StatusRoutes implements Consumer<JavalinConfig> {
    static final int MAX_PAGE = 100_000;

    private final JobRouting routing;
    private final boolean showSuccessUrls;
    private final Clock clock;
    private final FinishedAnswers finished = new FinishedAnswers();

    /** @param queries the store's queries, empty until its Streams app is started */
    public StatusRoutes(Supplier<Optional<StatusQueries>> queries, boolean showSuccessUrls, Clock clock, PeerClient peers) {
        this.routing = new JobRouting(queries, peers);
        this.showSuccessUrls = showSuccessUrls;
        this.clock = clock;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/status", ctx -> routing.serve(ctx, "GET", "/internal/status", this::status));
        config.routes.get("/report", ctx -> routing.serve(ctx, "GET", "/internal/report", this::report));
        config.routes.get("/internal/status", ctx -> routing.serve(ctx, "GET", null, this::status));
        config.routes.get("/internal/report", ctx -> routing.serve(ctx, "GET", null, this::report));
    }

    private void status(Context ctx, JobRouting.LocalJob job) {
        StatusReader reader = job.reader();
        JobHeader header = job.header();
        StatusReader.Page page = page(ctx);
        boolean detail = "true".equalsIgnoreCase(ctx.queryParam("detail"));
        // a webhook's delivery goes on after the job ended, so its detail is not kept
        if (!header.finished() || (detail && header.callbackUrl() != null)) {
            ctx.json(answer(reader, header, page, detail));
            return;
        }
        // counts still move after a cancel (tasks in flight finish, documents are read): what was counted versions the answer
        String key = header.requestID() + '|' + header.finishedAt() + '|' + header.perPop().counted() + '|' + documentsIn(header) + '|' + detail + '|'
                + page.limit() + '|' + page.cursor().orElse("");
        ctx.contentType("application/json").result(finished.get(key, () -> json(answer(reader, header, page, detail))));
    }

    /** How many of the job's documents and parts are in: the part of the answer a cancelled job's late document results move. */
    private static String documentsIn(JobHeader h) {
        return h.expansion() == null ? "" : h.expansion().documents() + "/" + (h.expansion().read() + h.expansion().failed()) + "/"
                + h.expansion().partsPending() + "/" + h.total();
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

    private void report(Context ctx, JobRouting.LocalJob job) throws IOException {
        JobHeader header = job.header();
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"prewarm-" + header.requestID() + ".csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024);
        job.reader().report(header, out);
        out.flush();
    }
}
