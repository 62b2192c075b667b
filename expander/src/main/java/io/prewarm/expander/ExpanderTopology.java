package io.prewarm.expander;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.TASKS;

import io.prewarm.contract.Job;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.Task;
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
 * Where a task is created: each record on {@code prewarm.requests} is validated (again: direct
 * producers skip the REST API), then becomes a {@link Job} on {@code prewarm.jobs} and one
 * {@link Task} per distinct URL x PoP on {@code prewarm.tasks}. A record that fails validation
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

        expanded.filter((id, e) -> e.job() != null)
                .mapValues(Expansion::job)
                .to(JOBS.name(), Produced.with(JOBS.keySerde(), JOBS.valueSerde()));

        expanded.split()
                .branch((id, e) -> e.accepted(), Branched.withConsumer(accepted -> accepted
                        .flatMap((id, e) -> keyedTasks(e))
                        .to(TASKS.name(), Produced.with(TASKS.keySerde(), TASKS.valueSerde()))))
                .defaultBranch(Branched.withConsumer(rejected -> rejected
                        .mapValues(Expansion::raw)
                        .to(REQUESTS_DLQ.name(), Produced.with(REQUESTS_DLQ.keySerde(), REQUESTS_DLQ.valueSerde()))));
        return builder.build();
    }

    private static Iterable<KeyValue<String, Task>> keyedTasks(Expansion e) {
        return () -> new KeyedTasks(e.tasks().iterator());
    }

    /** Spreads a job's tasks over all task partitions (keyed per task, not per job). */
    private record KeyedTasks(Iterator<Task> tasks) implements Iterator<KeyValue<String, Task>> {
        @Override
        public boolean hasNext() {
            return tasks.hasNext();
        }

        @Override
        public KeyValue<String, Task> next() {
            Task t = tasks.next();
            return KeyValue.pair(t.requestID() + '\u001f' + t.key(), t);
        }
    }
}
