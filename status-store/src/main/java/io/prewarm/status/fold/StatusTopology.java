package io.prewarm.status.fold;

import static io.prewarm.contract.Topics.CANCELS;
import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.STATUS;
import static io.prewarm.status.fold.StatusStores.DOCUMENTS;
import static io.prewarm.status.fold.StatusStores.FAILURES;
import static io.prewarm.status.fold.StatusStores.HEADERS;
import static io.prewarm.status.fold.StatusStores.LEGACY_TASKS;
import static io.prewarm.status.fold.StatusStores.OUTCOMES;
import static io.prewarm.status.fold.StatusStores.UNCACHEABLE;
import static io.prewarm.status.fold.StatusStores.URLS;
import static io.prewarm.status.fold.StatusStores.WEBHOOKS;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.prewarm.contract.Cacheability;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Json;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import io.prewarm.webhooks.Deliveries;
import io.prewarm.webhooks.DeliveryLog;
import io.prewarm.webhooks.DeliveryState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Folds {@code prewarm.jobs} (job chunks) and {@code prewarm.results} (result batches) into stores
 * keyed by requestID (headers) and requestID + URL (+ PoP + variant for failures), which
 * {@code GET /status} reads through interactive queries. Both topics are keyed by requestID with
 * equal partition counts, so one task holds everything of a job. Final statuses go to {@code prewarm.status}
 * (CANCELLED also to {@code prewarm.cancels}, which the warmers read); a wall-clock sweep announces
 * TIMEOUTs and deletes jobs past their retention (tombstones on the changelogs). A final status of
 * a job with a callback_url is also handed to the task's webhook {@link Deliveries} (its state in
 * {@code job-webhooks}), ticked every second. The stores are named in {@link StatusStores}; how far
 * the fold got on each jobs partition is told to a {@link FoldProgress}. Result records are read by
 * {@link ResultsDeserializer}, so a warmer's unreadable back-off word never costs the results beside it.
 */
public final class StatusTopology {
    public record Settings(Duration sweepInterval, Duration retention, int deleteBudget) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofHours(72), 20_000);
    }

    private StatusTopology() {
    }

    private static final String STATUS_SINK = "status-events";
    private static final String CANCELS_SINK = "cancel-events";

    /** How often a task's webhook deliveries are ticked. */
    static final Duration WEBHOOK_TICK = Duration.ofSeconds(1);

    public static Topology build(Settings settings) {
        return build(settings, new FoldProgress(), Optional.empty());
    }

    /**
     * @param deliveries makes a task's webhook deliveries over its log; empty: callbacks are not sent
     *                   (no {@code PREWARM_WEBHOOK_SECRET}, so no job may have one)
     */
    public static Topology build(Settings settings, FoldProgress progress, Optional<Function<DeliveryLog, Deliveries>> deliveries) {
        Topology t = new Topology();
        t.addSource("jobs", JOBS.keySerde().deserializer(), JOBS.valueSerde().deserializer(), JOBS.name());
        t.addSource("results", RESULTS.keySerde().deserializer(), new ResultsDeserializer(), RESULTS.name());
        t.addProcessor("fold", () -> new Fold(settings, progress, deliveries), "jobs", "results");
        for (StatusStores.Store<?> store : StatusStores.ALL) {
            t.addStateStore(builder(store), "fold");
        }
        t.addSink(STATUS_SINK, STATUS.name(), STATUS.keySerde().serializer(), STATUS.valueSerde().serializer(), "fold");
        t.addSink(CANCELS_SINK, CANCELS.name(), CANCELS.keySerde().serializer(), CANCELS.valueSerde().serializer(), "fold");
        return t;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> builder(StatusStores.Store<V> store) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store.name()), Serdes.String(), CompactSerde.of(store.valueType()))
                .withCachingEnabled();
    }

    /** One processor for both inputs, so one {@link JobLedger} (and its header cache) serves the task. */
    private static final class Fold implements Processor<String, Object, String, JobStatusEvent> {
        private final Settings settings;
        private final FoldProgress progress;
        private final Optional<Function<DeliveryLog, Deliveries>> newDeliveries;
        private ProcessorContext<String, JobStatusEvent> context;
        private HeaderCache headers;
        private JobLedger ledger;
        private Optional<Deliveries> deliveries = Optional.empty();

        Fold(Settings settings, FoldProgress progress, Optional<Function<DeliveryLog, Deliveries>> deliveries) {
            this.settings = settings;
            this.progress = progress;
            this.newDeliveries = deliveries;
        }

        @Override
        public void init(ProcessorContext<String, JobStatusEvent> context) {
            this.context = context;
            progress.forget(context.taskId().partition());
            headers = new HeaderCache(context.getStateStore(HEADERS.name()));
            KeyValueStore<String, UrlOutcomes> outcomes = context.getStateStore(OUTCOMES.name());
            KeyValueStore<String, WarmResult> legacyTasks = context.getStateStore(LEGACY_TASKS.name());
            KeyValueStore<String, WarmResult> failures = context.getStateStore(FAILURES.name());
            KeyValueStore<String, UrlState> urls = context.getStateStore(URLS.name());
            KeyValueStore<String, Cacheability.Uncacheable> uncacheable = context.getStateStore(UNCACHEABLE.name());
            KeyValueStore<String, DocumentState> documents = context.getStateStore(DOCUMENTS.name());
            this.ledger = new JobLedger(headers, urls, outcomes, new UrlOutcomeReader(outcomes, legacyTasks), failures, uncacheable, documents);
            KeyValueStore<String, DeliveryState> webhooks = context.getStateStore(WEBHOOKS.name());
            JobSweep sweep = new JobSweep(headers, List.of(failures, legacyTasks, outcomes, urls, webhooks, uncacheable, documents));
            context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, now ->
                    sweep.sweep(now, settings.retention().toMillis(), settings.deleteBudget()).forEach(this::publish));
            deliveries = newDeliveries.map(make -> make.apply(new StoredDeliveryLog(webhooks)));
            deliveries.ifPresent(d -> context.schedule(WEBHOOK_TICK, PunctuationType.WALL_CLOCK_TIME, d::tick));
        }

        @Override
        public void close() {
            deliveries.ifPresent(Deliveries::close);
            progress.forget(context.taskId().partition());
        }

        @Override
        public void process(Record<String, Object> record) {
            try {
                fold(record);
            } finally {
                context.recordMetadata().filter(m -> JOBS.name().equals(m.topic())).ifPresent(m -> progress.processed(m.partition(), m.offset()));
            }
        }

        private void fold(Record<String, Object> record) {
            String key = record.key();
            if (key == null) {
                return;
            }
            long now = context.currentSystemTimeMs();
            if (record.value() instanceof Job job && key.equals(job.requestID())) {
                // a cancel's chunkIndex 0 is no chunk: it must never reach register
                (job.isCancel() ? ledger.cancel(job) : ledger.register(job, now)).ifPresent(this::publish);
            } else if (record.value() instanceof ResultBatch batch && key.equals(batch.requestID())) {
                ledger.record(batch, now).ifPresent(this::publish);
            }
        }

        private void publish(JobStatusEvent e) {
            Record<String, JobStatusEvent> r = new Record<>(e.requestID(), e, context.currentSystemTimeMs());
            context.forward(r, STATUS_SINK);
            if (e.status() == JobStatus.CANCELLED) {
                context.forward(r, CANCELS_SINK);
            }
            deliveries.ifPresent(d -> callBack(d, e));
        }

        /** Schedules the webhook of a job that has a callback_url: the event's JSON, exactly what is signed and posted. */
        private void callBack(Deliveries d, JobStatusEvent e) {
            JobHeader h = headers.get(e.requestID());
            if (h == null || h.callbackUrl() == null) {
                return;
            }
            try {
                d.schedule(e.requestID(), h.callbackUrl(), Json.MAPPER.writeValueAsString(e), context.currentSystemTimeMs());
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("a status event that cannot be written as JSON", ex);
            }
        }
    }
}
