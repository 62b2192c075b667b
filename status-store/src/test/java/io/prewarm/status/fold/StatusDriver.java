package io.prewarm.status.fold;

import static io.prewarm.contract.Topics.CANCELS;
import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.STATUS;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusReader;
import io.prewarm.webhooks.Deliveries;
import io.prewarm.webhooks.DeliveryLog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The status topology in a {@link TopologyTestDriver} (no broker): job chunks and result batches
 * in, status events (and cancels) out, its stores and their changelogs to look at. The driver commits after
 * every input record, so each record's store writes reach the changelogs before the next one.
 */
final class StatusDriver implements AutoCloseable {
    private static final String APPLICATION_ID = "status-test";

    final TopologyTestDriver driver;
    final TestInputTopic<String, Job> jobs;
    final TestInputTopic<String, ResultBatch> results;
    final TestOutputTopic<String, JobStatusEvent> events;
    final TestOutputTopic<String, JobStatusEvent> cancels;
    private final Map<String, TestOutputTopic<String, byte[]>> changelogs = new HashMap<>();

    /** @param stateDir where the driver's stores live (a test's {@code @TempDir}, not the OS temp dir) */
    StatusDriver(Path stateDir, StatusTopology.Settings settings) {
        this(stateDir, settings, Optional.empty());
    }

    /** @param deliveries how each task sends its webhooks (none: no callbacks) */
    StatusDriver(Path stateDir, StatusTopology.Settings settings, Optional<Function<DeliveryLog, Deliveries>> deliveries) {
        Properties props = new Properties();
        props.put("state.dir", stateDir.toString());
        props.put("application.id", APPLICATION_ID);
        driver = new TopologyTestDriver(StatusTopology.build(settings, new FoldProgress(), deliveries), props, Instant.ofEpochMilli(0));
        jobs = driver.createInputTopic(JOBS.name(), JOBS.keySerde().serializer(), JOBS.valueSerde().serializer());
        results = driver.createInputTopic(RESULTS.name(), RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
        events = driver.createOutputTopic(STATUS.name(), STATUS.keySerde().deserializer(), STATUS.valueSerde().deserializer());
        cancels = driver.createOutputTopic(CANCELS.name(), CANCELS.keySerde().deserializer(), CANCELS.valueSerde().deserializer());
    }

    /** One result batch of job {@code id}, as a warmer sends them. */
    void send(String id, WarmResult... batch) {
        results.pipeInput(id, new ResultBatch(id, List.of(batch)));
    }

    <V> KeyValueStore<String, V> store(StatusStores.Store<V> store) {
        return driver.getKeyValueStore(store.name());
    }

    StatusReader reader() {
        return new StatusReader(store(StatusStores.HEADERS), store(StatusStores.URLS),
                new UrlOutcomeReader(store(StatusStores.OUTCOMES), store(StatusStores.LEGACY_TASKS)), store(StatusStores.FAILURES),
                store(StatusStores.WEBHOOKS), store(StatusStores.UNCACHEABLE), store(StatusStores.DOCUMENTS));
    }

    /** How many records the store's changelog got since the last call for that store. */
    int changelogRecords(StatusStores.Store<?> store) {
        String topic = APPLICATION_ID + "-" + store.name() + "-changelog";
        if (!driver.producedTopicNames().contains(topic)) {
            return 0;
        }
        return changelogs.computeIfAbsent(topic, t -> driver.createOutputTopic(t, new StringDeserializer(), new ByteArrayDeserializer()))
                .readRecordsToList().size();
    }

    @Override
    public void close() {
        driver.close();
    }
}
