package io.prewarm.warmer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What a warmer did, as meters: warm requests by outcome and PoP
 * ({@code prewarm_warm_requests_total}), how long each task's attempt chain took
 * ({@code prewarm_warm_duration_seconds}, a histogram by outcome; skipped tasks sent nothing and
 * are not timed), how many are running now ({@code prewarm_warm_in_flight}) and how many finished
 * ones have a result not yet acknowledged by Kafka ({@code prewarm_warm_results_pending}), and how
 * many tasks were dropped unsent because their job was cancelled
 * ({@code prewarm_warm_tasks_cancelled_total}), and how many PoPs it is backed off from now
 * ({@code prewarm_pop_backoff_open}); document tasks read and failed ({@code prewarm_documents_total},
 * outcome {@code read} or {@code failed}) and the URLs they found ({@code prewarm_document_urls_total}). Verified tasks are counted by what the check found
 * ({@code prewarm_warm_verifications_total}, verification VERIFIED, ALREADY_CACHED, NOT_CACHED,
 * CHECK_FAILED), and the second requests sent for them, retries included
 * ({@code prewarm_warm_verification_requests_total}). PoP ids come from
 * tasks anyone may write, so after {@link #MAX_POPS} distinct ones further PoPs are counted as
 * {@code pop="other"}, keeping the number of series bounded.
 */
public final class WarmerMetrics {
    static final int MAX_POPS = 1_000;
    static final String OTHER_POP = "other";

    private final MeterRegistry registry;
    private final Set<String> pops = ConcurrentHashMap.newKeySet();
    private final Counter cancelled;
    private final Counter verificationRequests;
    private final Counter documentsRead;
    private final Counter documentsFailed;
    private final Counter documentUrls;
    private final Map<WarmResult.Verification, Counter> verifications = new EnumMap<>(WarmResult.Verification.class);

    public WarmerMetrics(MeterRegistry registry) {
        this.registry = registry;
        // registered up front, so the series shows 0 before the first cancel
        this.cancelled = Counter.builder("prewarm.warm.tasks.cancelled")
                .description("tasks not sent because their job was cancelled")
                .register(registry);
        this.verificationRequests = Counter.builder("prewarm.warm.verification.requests")
                .description("second requests sent to check that a warmed object is cached, retries included")
                .register(registry);
        this.documentsRead = documents(registry, "read");
        this.documentsFailed = documents(registry, "failed");
        this.documentUrls = Counter.builder("prewarm.document.urls")
                .description("URL references found in the documents read (sitemaps, playlists, MPDs)")
                .register(registry);
        for (WarmResult.Verification v : WarmResult.Verification.values()) {
            verifications.put(v, Counter.builder("prewarm.warm.verifications")
                    .description("verified tasks, by what the check found")
                    .tag("verification", v.name())
                    .register(registry));
        }
    }

    private static Counter documents(MeterRegistry registry, String outcome) {
        return Counter.builder("prewarm.documents")
                .description("document tasks ended, read or failed")
                .tag("outcome", outcome)
                .register(registry);
    }

    /** Counts one verification request sent. */
    public void verificationSent() {
        verificationRequests.increment();
    }

    /** Reports {@code inFlight} as the gauge of warm requests in flight. */
    public WarmerMetrics inFlight(IntSupplier inFlight) {
        Gauge.builder("prewarm.warm.in.flight", inFlight::getAsInt)
                .description("warm requests started and not yet finished (their HTTP exchange)")
                .register(registry);
        return this;
    }

    /** Reports {@code backedOff} as the gauge of PoPs this warmer is backed off from now. */
    public WarmerMetrics popsBackedOff(IntSupplier backedOff) {
        Gauge.builder("prewarm.pop.backoff.open", backedOff::getAsInt)
                .description("PoPs this warmer is backed off from now (their circuit is open), per warmer")
                .register(registry);
        return this;
    }

    /** Reports {@code pending} as the gauge of results awaiting Kafka's acknowledgement. */
    public WarmerMetrics pendingResults(IntSupplier pending) {
        Gauge.builder("prewarm.warm.results.pending", pending::getAsInt)
                .description("results of finished warm requests not yet acknowledged by Kafka")
                .register(registry);
        return this;
    }

    /** Counts {@code tasks} tasks dropped unsent because their job was cancelled. */
    public void cancelled(int tasks) {
        cancelled.increment(tasks);
    }

    /** Counts one document task's result: read or failed, and the URLs it found. */
    public void document(Expansion.DocumentResult result) {
        (result.failed() ? documentsFailed : documentsRead).increment();
        documentUrls.increment(Math.max(0, result.found()));
    }

    /** Counts one task's result, and times it unless it was skipped. */
    public void record(WarmResult result) {
        String outcome = result.outcome() == null ? "UNKNOWN" : result.outcome().name();
        Counter.builder("prewarm.warm.requests")
                .description("tasks warmed, by outcome and PoP")
                .tag("outcome", outcome)
                .tag("pop", popTag(result.pop()))
                .register(registry)
                .increment();
        if (result.verification() != null) {
            verifications.get(result.verification()).increment();
        }
        if (result.outcome() != Outcome.SKIPPED) {
            Timer.builder("prewarm.warm.duration")
                    .description("time from a task's start to its result, retries included")
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry)
                    .record(Math.max(0, result.elapsedMs()), TimeUnit.MILLISECONDS);
        }
    }

    private String popTag(String pop) {
        if (pop == null) {
            return OTHER_POP;
        }
        if (pops.contains(pop)) {
            return pop;
        }
        if (pops.size() < MAX_POPS) {
            pops.add(pop);
            return pop;
        }
        return OTHER_POP;
    }
}
