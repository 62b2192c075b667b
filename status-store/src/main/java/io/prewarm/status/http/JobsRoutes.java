package io.prewarm.status.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prewarm.status.query.JobList;
import io.prewarm.status.query.JobSummary;
import io.prewarm.status.query.RecentJobs;
import io.prewarm.web.AccessControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /jobs?limit=N}: the newest jobs across every status instance, for the dashboard. The
 * instance asked lists its own partitions and asks each peer's {@code /internal/jobs} (local only,
 * never fanned out again) in parallel, then merges. A peer that does not answer in time leaves its
 * jobs out and its address in {@code unanswered}, rather than failing the whole list.
 */
public final class JobsRoutes implements Consumer<JavalinConfig> {
    private static final String NOT_QUERYABLE = "status store is not queryable right now (starting or rebalancing)";

    private final Supplier<Optional<RecentJobs>> recent;
    private final PeerClient peers;

    /** @param recent the store's listing, empty until its Streams app is started */
    public JobsRoutes(Supplier<Optional<RecentJobs>> recent, PeerClient peers) {
        this.recent = recent;
        this.peers = peers;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/jobs", this::gather);
        config.routes.get("/internal/jobs", this::local);
    }

    private void local(Context ctx) {
        int limit = limit(ctx);
        recent.get().ifPresentOrElse(
                r -> localJobs(ctx, r, limit).ifPresent(jobs -> ctx.json(new JobList(jobs, List.of()))),
                () -> Answers.unavailable(ctx, Answers.STARTING));
    }

    private void gather(Context ctx) {
        int limit = limit(ctx);
        Optional<RecentJobs> started = recent.get();
        if (started.isEmpty()) {
            Answers.unavailable(ctx, Answers.STARTING);
            return;
        }
        Optional<List<JobSummary>> own = localJobs(ctx, started.get(), limit);
        if (own.isEmpty()) {
            return;
        }
        List<HostInfo> others;
        try {
            others = started.get().peers();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Streams left RUNNING since the listing above
            Answers.unavailable(ctx, NOT_QUERYABLE);
            return;
        }
        Optional<String> key = Optional.ofNullable(ctx.header(AccessControl.API_KEY_HEADER));
        List<CompletableFuture<Optional<List<JobSummary>>>> asks = others.stream().map(p -> peers.jobs(p, limit, key)).toList();
        ctx.future(() -> CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenAccept(done -> {
            List<List<JobSummary>> lists = new ArrayList<>(List.of(own.get()));
            List<String> unanswered = new ArrayList<>();
            for (int i = 0; i < others.size(); i++) {
                HostInfo peer = others.get(i);
                asks.get(i).join().ifPresentOrElse(lists::add, () -> unanswered.add(peer.host() + ":" + peer.port()));
            }
            ctx.json(new JobList(RecentJobs.merge(lists, limit), unanswered));
        }));
    }

    private static Optional<List<JobSummary>> localJobs(Context ctx, RecentJobs recent, int limit) {
        if (recent.queryable()) {
            try {
                return Optional.of(recent.local(limit));
            } catch (InvalidStateStoreException e) {
                // a rebalance started in the middle of the listing
            }
        }
        Answers.unavailable(ctx, NOT_QUERYABLE);
        return Optional.empty();
    }

    private static int limit(Context ctx) {
        return Answers.limit(ctx, RecentJobs.MAX_LIMIT).orElse(RecentJobs.DEFAULT_LIMIT);
    }
}
