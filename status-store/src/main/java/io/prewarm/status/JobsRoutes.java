package io.prewarm.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import io.prewarm.web.AccessControl;
import io.prewarm.web.ApiServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /jobs?limit=N}: the newest jobs across every status instance, for the dashboard. The
 * instance asked lists its own partitions and asks each peer's {@code /internal/jobs} (local only,
 * never fanned out again) in parallel, then merges. A peer that does not answer in time leaves its
 * jobs out and its address in {@code unanswered}, rather than failing the whole list.
 */
public final class JobsRoutes implements Consumer<JavalinConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(JobsRoutes.class);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);

    /** The answer of both endpoints. */
    public record JobList(List<JobSummary> jobs, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> unanswered) {
    }

    private final RecentJobs recent;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<HostInfo, Long> lastWarned = new ConcurrentHashMap<>();

    public JobsRoutes(RecentJobs recent) {
        this.recent = recent;
    }

    @Override
    public void accept(JavalinConfig config) {
        config.routes.get("/jobs", this::gather);
        config.routes.get("/internal/jobs", this::local);
    }

    private void local(Context ctx) {
        int limit = limit(ctx);
        localJobs(ctx, limit).ifPresent(jobs -> ctx.json(new JobList(jobs, List.of())));
    }

    private void gather(Context ctx) {
        int limit = limit(ctx);
        Optional<List<JobSummary>> own = localJobs(ctx, limit);
        if (own.isEmpty()) {
            return;
        }
        List<HostInfo> peers;
        try {
            peers = recent.peers();
        } catch (IllegalStateException | InvalidStateStoreException e) {
            // Streams left RUNNING since the listing above
            unavailable(ctx);
            return;
        }
        Optional<String> key = Optional.ofNullable(ctx.header(AccessControl.API_KEY_HEADER));
        List<CompletableFuture<Optional<List<JobSummary>>>> asks = peers.stream().map(p -> ask(p, limit, key)).toList();
        ctx.future(() -> CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenAccept(done -> {
            List<List<JobSummary>> lists = new ArrayList<>(List.of(own.get()));
            List<String> unanswered = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                HostInfo peer = peers.get(i);
                asks.get(i).join().ifPresentOrElse(lists::add, () -> unanswered.add(peer.host() + ":" + peer.port()));
            }
            ctx.json(new JobList(RecentJobs.merge(lists, limit), unanswered));
        }));
    }

    private Optional<List<JobSummary>> localJobs(Context ctx, int limit) {
        if (recent.queryable()) {
            try {
                return Optional.of(recent.local(limit));
            } catch (InvalidStateStoreException e) {
                // a rebalance started in the middle of the listing
            }
        }
        unavailable(ctx);
        return Optional.empty();
    }

    private static void unavailable(Context ctx) {
        ctx.header("Retry-After", "1");
        ApiServer.message(ctx, 503, "status store is not queryable right now (starting or rebalancing); retry shortly");
    }

    private CompletableFuture<Optional<List<JobSummary>>> ask(HostInfo peer, int limit, Optional<String> key) {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + "/internal/jobs?limit=" + limit);
        HttpRequest request = HttpRequest.newBuilder(StatusRoutes.forwardRequest(uri, key), (name, value) -> true).timeout(PEER_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            try {
                if (error == null && response.statusCode() == 200) {
                    return Optional.of(Json.MAPPER.readValue(response.body(), JobList.class).jobs());
                }
                warnOnce(peer, error != null ? error.toString() : "HTTP " + response.statusCode());
            } catch (IOException | RuntimeException e) {
                warnOnce(peer, e.toString());
            }
            return Optional.empty();
        });
    }

    /** One line per peer per minute: the dashboard asks every second. */
    private void warnOnce(HostInfo peer, String why) {
        long now = System.nanoTime();
        Long previous = lastWarned.get(peer);
        if (previous == null || now - previous > TimeUnit.MINUTES.toNanos(1)) {
            lastWarned.put(peer, now);
            LOG.warn("status instance {} did not list its jobs ({}); /jobs answers without them", peer, why);
        }
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        if (limit == null) {
            return RecentJobs.DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= RecentJobs.MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestResponse("limit: must be a whole number from 1 to " + RecentJobs.MAX_LIMIT + ", got '" + limit + "'");
    }
}
