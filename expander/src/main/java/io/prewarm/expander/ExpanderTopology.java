package io.prewarm.expander;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.TaskBatch;
import java.time.Duration;
import java.util.Iterator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Where a task is created: each record on {@code prewarm.requests} is validated (direct producers
 * skip the REST API; ingest's records carry their resolved PoPs, so nothing is resolved twice), then
 * becomes a {@link io.prewarm.contract.Job} chunk on {@code prewarm.jobs} and its tasks (one per
 * distinct URL x PoP x variant) on {@code prewarm.tasks}, as {@link TaskBatch}es of whole URLs. A record that fails validation
 * goes to the dead-letter topic with its reason and source offset in headers and, when it has a
 * requestID, a rejected job so its status says FAILED and why. The stream never stops for it.
 *
 * <p>Expansion (issue 16, docs/expansion.md): each document of an accepted chunk (every URL of a request
 * with {@code expand}, the listed ones of a part) is warmed like any URL and also becomes one document
 * task. Part records, written by warmers while they read a document, pass the {@link PartGate} first:
 * each part once per job, and the job grown no further than its limit.
 */
public final class ExpanderTopology {
    public static final String ERROR_HEADER = "prewarm.error";
    public static final String SOURCE_HEADER = "prewarm.source";

    private ExpanderTopology() {
    }

    /**
     * @param maxUrls   {@code PREWARM_MAX_URLS}: the most URLs a job grows to by expansion when it sets no {@code expand_limit}
     * @param retention how long after its deadline the gate still knows a job's parts ({@code PREWARM_RETENTION_HOURS})
     */
    public static Topology build(RequestValidator validator, Duration requestTimeout, int maxUrls, Duration retention) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PartGate.GROWTH_STORE), Serdes.String(),
                CompactSerde.of(Growth.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PartGate.SEEN_STORE), Serdes.String(), Serdes.Long()));
        KStream<String, Validated> expanded = builder
                .stream(REQUESTS.name(), Consumed.with(REQUESTS.keySerde(), REQUESTS.valueSerde()))
                .processValues(() -> new ValidateProcessor(validator, requestTimeout))
                .processValues(() -> new PartGate(maxUrls, retention), PartGate.GROWTH_STORE, PartGate.SEEN_STORE);

        expanded.flatMapValues(e -> e.job().stream().toList())
                .to(JOBS.name(), Produced.with(JOBS.keySerde(), JOBS.valueSerde()));

        expanded.split()
                .branch((id, e) -> e instanceof Validated.Accepted, Branched.withConsumer(accepted -> accepted
                        .flatMap((id, e) -> keyedBatches((Validated.Accepted) e))
                        .to(TASKS.name(), Produced.with(TASKS.keySerde(), TASKS.valueSerde()))))
                .defaultBranch(Branched.withConsumer(refused -> refused
                        .mapValues(e -> ((Validated.Refused) e).raw())
                        .to(REQUESTS_DLQ.name(), Produced.with(REQUESTS_DLQ.keySerde(), REQUESTS_DLQ.valueSerde()))));
        return builder.build();
    }

    /**
     * The warm batches, then the document tasks; keyed per batch (requestID and first URL), not per job, so a job's
     * tasks spread over all task partitions.
     */
    private static Iterable<KeyValue<String, TaskBatch>> keyedBatches(Validated.Accepted e) {
        return () -> new Iterator<>() {
            private final Iterator<TaskBatch> batches = e.batches().iterator();
            private final Iterator<TaskBatch> documents = e.documentTasks().iterator();

            @Override
            public boolean hasNext() {
                return batches.hasNext() || documents.hasNext();
            }

            @Override
            public KeyValue<String, TaskBatch> next() {
                TaskBatch b = batches.hasNext() ? batches.next() : documents.next();
                return KeyValue.pair(b.recordKey(), b);
            }
        };
    }
}
