package io.prewarm.status.fold;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.STATUS;
import static io.prewarm.status.fold.StatusStores.FAILURES;
import static io.prewarm.status.fold.StatusStores.HEADERS;
import static io.prewarm.status.fold.StatusStores.LEGACY_TASKS;
import static io.prewarm.status.fold.StatusStores.OUTCOMES;
import static io.prewarm.status.fold.StatusStores.URLS;

import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.List;
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
 * equal partition counts, so one task holds everything of a job. Final statuses go to {@code prewarm.status}; a wall-clock
 * sweep announces TIMEOUTs and deletes jobs past their retention (tombstones on the changelogs).
 * The stores are named in {@link StatusStores}.
 */
public final class StatusTopology {
    public record Settings(Duration sweepInterval, Duration retention, int deleteBudget) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(10), Duration.ofHours(72), 20_000);
    }

    private StatusTopology() {
    }

    public static Topology build(Settings settings) {
        Topology t = new Topology();
        t.addSource("jobs", JOBS.keySerde().deserializer(), JOBS.valueSerde().deserializer(), JOBS.name());
        t.addSource("results", RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer(), RESULTS.name());
        t.addProcessor("fold", () -> new Fold(settings), "jobs", "results");
        for (StatusStores.Store<?> store : StatusStores.ALL) {
            t.addStateStore(builder(store), "fold");
        }
        t.addSink("status-events", STATUS.name(), STATUS.keySerde().serializer(), STATUS.valueSerde().serializer(), "fold");
        return t;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> builder(StatusStores.Store<V> store) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store.name()), Serdes.String(), CompactSerde.of(store.valueType()))
                .withCachingEnabled();
    }

    /** One processor for both inputs, so one {@link JobLedger} (and its header cache) serves the task. */
    private static final class Fold implements Processor<String, Object, String, JobStatusEvent> {
        private final Settings settings;
        private ProcessorContext<String, JobStatusEvent> context;
        private JobLedger ledger;

        Fold(Settings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, JobStatusEvent> context) {
            this.context = context;
            HeaderCache headers = new HeaderCache(context.getStateStore(HEADERS.name()));
            KeyValueStore<String, UrlOutcomes> outcomes = context.getStateStore(OUTCOMES.name());
            KeyValueStore<String, WarmResult> legacyTasks = context.getStateStore(LEGACY_TASKS.name());
            KeyValueStore<String, WarmResult> failures = context.getStateStore(FAILURES.name());
            KeyValueStore<String, UrlState> urls = context.getStateStore(URLS.name());
            this.ledger = new JobLedger(headers, urls, outcomes, new UrlOutcomeReader(outcomes, legacyTasks), failures);
            JobSweep sweep = new JobSweep(headers, List.of(failures, legacyTasks, outcomes, urls));
            context.schedule(settings.sweepInterval(), PunctuationType.WALL_CLOCK_TIME, now ->
                    sweep.sweep(now, settings.retention().toMillis(), settings.deleteBudget()).forEach(this::publish));
        }

        @Override
        public void process(Record<String, Object> record) {
            String key = record.key();
            if (key == null) {
                return;
            }
            long now = context.currentSystemTimeMs();
            if (record.value() instanceof Job job && key.equals(job.requestID())) {
                ledger.register(job, now).ifPresent(this::publish);
            } else if (record.value() instanceof ResultBatch batch && key.equals(batch.requestID())) {
                ledger.record(batch, now).ifPresent(this::publish);
            }
        }

        private void publish(JobStatusEvent e) {
            context.forward(new Record<>(e.requestID(), e, context.currentSystemTimeMs()));
        }
    }
}
