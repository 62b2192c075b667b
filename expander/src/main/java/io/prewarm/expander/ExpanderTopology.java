package io.prewarm.expander;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.TaskBatch;
import java.time.Duration;
import java.util.Iterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Where a task is created: each record on {@code prewarm.requests} is validated (direct producers
 * skip the REST API; ingest's records carry their resolved PoPs, so nothing is resolved twice), then
 * becomes a {@link io.prewarm.contract.Job} chunk on {@code prewarm.jobs} and its tasks (one per
 * distinct URL x PoP x variant) on {@code prewarm.tasks}, as {@link TaskBatch}es of whole URLs. A record that fails validation
 * goes to the dead-letter topic with its reason and source offset in headers and, when it has a
 * requestID, a rejected job so its status says FAILED and why. The stream never stops for it.
 */
public final class ExpanderTopology {
    public static final String ERROR_HEADER = "prewarm.error";
    public static final String SOURCE_HEADER = "prewarm.source";

    private ExpanderTopology() {
    }

    public static Topology build(RequestValidator validator, Duration requestTimeout) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, Expansion> expanded = builder
                .stream(REQUESTS.name(), Consumed.with(REQUESTS.keySerde(), REQUESTS.valueSerde()))
                .processValues(() -> new ValidateProcessor(validator, requestTimeout));

        expanded.flatMapValues(e -> e.job().stream().toList())
                .to(JOBS.name(), Produced.with(JOBS.keySerde(), JOBS.valueSerde()));

        expanded.split()
                .branch((id, e) -> e instanceof Expansion.Accepted, Branched.withConsumer(accepted -> accepted
                        .flatMap((id, e) -> keyedBatches((Expansion.Accepted) e))
                        .to(TASKS.name(), Produced.with(TASKS.keySerde(), TASKS.valueSerde()))))
                .defaultBranch(Branched.withConsumer(refused -> refused
                        .mapValues(e -> ((Expansion.Refused) e).raw())
                        .to(REQUESTS_DLQ.name(), Produced.with(REQUESTS_DLQ.keySerde(), REQUESTS_DLQ.valueSerde()))));
        return builder.build();
    }

    /** Keyed per batch (requestID and first URL), not per job, so a job's tasks spread over all task partitions. */
    private static Iterable<KeyValue<String, TaskBatch>> keyedBatches(Expansion.Accepted e) {
        return () -> new Iterator<>() {
            private final Iterator<TaskBatch> batches = e.batches().iterator();

            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public KeyValue<String, TaskBatch> next() {
                TaskBatch b = batches.next();
                return KeyValue.pair(b.recordKey(), b);
            }
        };
    }
}
