package io.prewarm.status;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;

import io.prewarm.contract.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds {@code prewarm.jobs} and {@code prewarm.results} into one store keyed by requestID,
 * which {@code GET /status} reads through interactive queries. Both topics are keyed by requestID
 * with equal partition counts, so the merge needs no repartitioning.
 */
public final class StatusTopology {
    /** Shared by the topology and the query side. */
    public static final String STORE = "job-status";

    private StatusTopology() {
    }

    public static Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        var jobs = builder.stream(JOBS.name(), Consumed.with(JOBS.keySerde(), JOBS.valueSerde()))
                .filter((id, job) -> id != null && job != null)
                .mapValues(StatusEvent::of);
        var results = builder.stream(RESULTS.name(), Consumed.with(RESULTS.keySerde(), RESULTS.valueSerde()))
                .filter((id, result) -> id != null && result != null && id.equals(result.requestID()))
                .mapValues(StatusEvent::of);
        jobs.merge(results)
                .groupByKey(Grouped.with(Serdes.String(), new JsonSerde<>(StatusEvent.class)))
                .aggregate(JobState::empty, (id, event, state) -> event.applyTo(state),
                        Materialized.<String, JobState, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new JsonSerde<>(JobState.class)));
        return builder.build();
    }
}
