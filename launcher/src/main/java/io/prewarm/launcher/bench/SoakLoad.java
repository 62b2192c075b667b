package io.prewarm.launcher.bench;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The soak's steady mix of jobs: every {@link #TICK} a small job of 10-50 URLs (a seeded draw, so
 * every soak submits the same sizes) and every {@link #LARGE_EVERY_TICKS}th tick also a large one of
 * {@link #LARGE_URLS} URLs, each at the same three PoPs with {@code "verify": true}, at the edge's
 * {@link #EDGE_LATENCY}. Every job has URLs of its own (its own path), so no answer is a cache hit
 * left by an earlier job. The ticks start one second in, so the minute rows (taken on the minute)
 * fall midway between two large jobs. A job accepted is handed to the {@link StatusPoller}; a POST
 * refused or failed is counted and logged, and the mix goes on.
 */
final class SoakLoad implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SoakLoad.class);
    static final Duration TICK = Duration.ofSeconds(2);
    static final int LARGE_EVERY_TICKS = 15;
    static final int SMALL_MIN_URLS = 10;
    static final int SMALL_MAX_URLS = 50;
    static final int LARGE_URLS = 5_000;
    static final Duration EDGE_LATENCY = Duration.ofMillis(20);

    private final BenchClient api;
    private final Edge edge;
    private final StatusPoller poller;
    private final String pops;
    private final int popCount;
    private final Random sizes = new Random(17);
    private final AtomicInteger submitted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-load");
        t.setDaemon(true);
        return t;
    });
    private int ticks;

    SoakLoad(BenchClient api, Edge edge, StatusPoller poller, List<String> pops) {
        this.api = api;
        this.edge = edge;
        this.poller = poller;
        this.pops = pops.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(",", "[", "]"));
        this.popCount = pops.size();
    }

    /** What the mix is, for the soak's header. */
    static String describe(List<String> pops) {
        return String.format("every %d s a job of %d-%d URLs, every %d s one of %,d URLs; each at %d PoPs (%s), verify on, %d ms edge latency",
                TICK.toSeconds(), SMALL_MIN_URLS, SMALL_MAX_URLS, TICK.toSeconds() * LARGE_EVERY_TICKS, LARGE_URLS, pops.size(),
                String.join(", ", pops), EDGE_LATENCY.toMillis());
    }

    void start() {
        timer.scheduleAtFixedRate(this::tick, 1_000, TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        int tick = ticks++;
        try {
            submit(SMALL_MIN_URLS + sizes.nextInt(SMALL_MAX_URLS - SMALL_MIN_URLS + 1));
            if (tick % LARGE_EVERY_TICKS == 0) {
                submit(LARGE_URLS);
            }
        } catch (RuntimeException e) {
            // an exception would end the schedule without a word: the soak would go on without load
            LOG.error("soak: tick {} failed; the mix goes on", tick, e);
        }
    }

    private void submit(int urls) {
        int n = submitted.get() + refused.get();
        List<String> list = Bench.urls(edge.path(EDGE_LATENCY, "soak-" + n), urls);
        String body = BenchClient.verify(BenchClient.body(list, Bench.DIST, "pop", pops), true);
        try {
            HttpResponse<String> r = api.post(body);
            if (r.statusCode() == 200) {
                submitted.incrementAndGet();
                poller.follow(new StatusPoller.Job(BenchClient.json(r.body()).path("requestID").asText(), urls, (long) urls * popCount));
                return;
            }
            LOG.warn("soak: job {} of {} URLs refused: {} {}", n, urls, r.statusCode(), r.body());
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.warn("soak: job {} of {} URLs not submitted: {}", n, urls, e.getMessage());
        }
        refused.incrementAndGet();
    }

    /** Jobs accepted so far. */
    int submitted() {
        return submitted.get();
    }

    /** POSTs refused (an answer other than 200) or failed so far. */
    int refused() {
        return refused.get();
    }

    /** Stops submitting; a POST under way finishes first. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
