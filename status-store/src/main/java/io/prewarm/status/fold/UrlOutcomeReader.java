package io.prewarm.status.fold;

import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The outcomes of one URL's tasks, for the fold (to keep the first result of each task) and for the
 * CSV report alike. They live in the URL's {@code job-outcomes} entry; a job counted by the version
 * before keeps the results it had then as one {@code job-tasks} entry per task. That store is read
 * only when the URL's counters hold more tasks than its outcome entry, so a job begun on this
 * version never reads it; the fold then writes the URL's entry with the old outcomes included, so
 * each URL is looked up there at most until its next result.
 */
public final class UrlOutcomeReader {
    private static final StringSerializer KEYS = new StringSerializer();

    private final ReadOnlyKeyValueStore<String, UrlOutcomes> outcomes;
    private final ReadOnlyKeyValueStore<String, WarmResult> legacyTasks;

    public UrlOutcomeReader(ReadOnlyKeyValueStore<String, UrlOutcomes> outcomes, ReadOnlyKeyValueStore<String, WarmResult> legacyTasks) {
        this.outcomes = outcomes;
        this.legacyTasks = legacyTasks;
    }

    /** Every outcome of the URL stored under {@code urlKey} ({@link TaskId#urlStoreKey}), whose counters are {@code counters}. */
    public UrlOutcomes of(String urlKey, UrlState counters) {
        if (counters.recorded() == 0) {
            return UrlOutcomes.NONE;
        }
        UrlOutcomes held = Optional.ofNullable(outcomes.get(urlKey)).orElse(UrlOutcomes.NONE);
        return counters.recorded() > held.count() ? held.plus(legacy(urlKey)) : held;
    }

    private List<TaskOutcome> legacy(String urlKey) {
        List<TaskOutcome> old = new ArrayList<>();
        try (KeyValueIterator<String, WarmResult> it = legacyTasks.prefixScan(urlKey + TaskId.STORE_SEP, KEYS)) {
            it.forEachRemaining(kv -> old.add(TaskOutcome.of(kv.value)));
        }
        return old;
    }
}
