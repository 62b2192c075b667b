package io.prewarm.warmer;

import static io.prewarm.contract.Topics.CANCELS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.TaskId;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import io.prewarm.testing.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancel on a real broker against a slow edge: once a job's CANCELLED event is on
 * {@code prewarm.cancels}, the warmer sends none of its remaining tasks within about a second (the
 * ones in flight finish, with their results), another job's tasks are all warmed, and every task
 * batch is committed, the dropped ones included.
 */
class CancelIT {
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "IAD89-P1", "SFO5-P1");
    private static final int DOOMED_URLS = 100;
    private static final int KEPT_URLS = 20;
    private static final int URLS_PER_BATCH = 4;
    private static final Duration CANCEL_WITHIN = Duration.ofMillis(1500);

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().latency(Duration.ofMillis(250)).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        edge.close();
        kafka.close();
    }

    private static TaskBatch batch(String requestID, int first) {
        List<String> urls = new ArrayList<>();
        for (int u = first; u < first + URLS_PER_BATCH; u++) {
            urls.add("http://www.example.com/" + requestID + "/" + u);
        }
        // unverified: one request per task, so "each task sent once" counts requests
        return new TaskBatch(requestID, urls, POPS, List.of("gzip"), "d1", "http", Map.of(), Long.MAX_VALUE, false, null);
    }

    private List<Request> doomedRequests() {
        return edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/doomed/")).toList();
    }

    @Test
    void aCancelledJobGetsNoNewRequestWithinASecondWhileTheOtherJobIsWarmedAndEveryBatchCommitted() throws Exception {
        WarmerConfig config = WarmerConfig.fromEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "PREWARM_HOSTS_FILE", edge.writeHostsFile(dir.resolve("hosts"), "d1", POPS).toString(),
                "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                "PREWARM_WARMER_MAX_IN_FLIGHT", "8", "PREWARM_WARMER_MAX_PER_POP", "4"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Set<TaskId> doomedResults = ConcurrentHashMap.newKeySet();
        Set<TaskId> keptResults = ConcurrentHashMap.newKeySet();
        AtomicLong lastNewRequest = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, ResultBatch> results = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                     "group.id", "cancel-results-reader", "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(),
                     RESULTS.valueSerde().deserializer());
             Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
            producer.send(new ProducerRecord<>(CANCELS.name(), "garbage", "not an event".getBytes(StandardCharsets.UTF_8))).get();
            for (int u = 0; u < DOOMED_URLS; u += URLS_PER_BATCH) {
                send(producer, batch("doomed", u));
                if (u % (DOOMED_URLS / (KEPT_URLS / URLS_PER_BATCH)) == 0) {
                    send(producer, batch("kept", u / (DOOMED_URLS / KEPT_URLS)));
                }
            }
            producer.flush();
            results.subscribe(List.of(RESULTS.name()));

            try (WarmerApp warmer = WarmerApp.start(config, registry)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> doomedRequests().size() >= 48);
                long cancelAt = System.nanoTime();
                int sentBefore = doomedRequests().size();
                JobStatusEvent cancel = new JobStatusEvent("doomed", JobStatus.CANCELLED, DOOMED_URLS * POPS.size(), sentBefore, 0,
                        DOOMED_URLS * POPS.size() - sentBefore, System.currentTimeMillis() - 10_000, System.currentTimeMillis(), null);
                producer.send(new ProducerRecord<>(CANCELS.name(), "doomed", CANCELS.valueSerde().serializer().serialize(CANCELS.name(), cancel))).get();
                int[] seen = {sentBefore};
                lastNewRequest.set(cancelAt);
                sampler.scheduleAtFixedRate(() -> {
                    int now = doomedRequests().size();
                    if (now > seen[0]) {
                        seen[0] = now;
                        lastNewRequest.set(System.nanoTime());
                    }
                }, 0, 5, TimeUnit.MILLISECONDS);

                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    results.poll(Duration.ofMillis(200)).forEach(r -> r.value().results().forEach(w -> {
                        assertEquals(Outcome.SUCCESS, w.outcome(), w.error());
                        (w.requestID().equals("doomed") ? doomedResults : keptResults).add(w.taskId());
                    }));
                    return keptResults.size() == KEPT_URLS * POPS.size()
                            && doomedResults.size() + cancelledTasks(registry) == DOOMED_URLS * POPS.size()
                            && committedToTheEnd(admin, config.groupId());
                });
                sampler.shutdown();
                assertTrue(sampler.awaitTermination(10, TimeUnit.SECONDS));

                long lastMs = TimeUnit.NANOSECONDS.toMillis(lastNewRequest.get() - cancelAt);
                List<Request> sent = doomedRequests();
                System.out.printf("cancel written -> last new request of the job: %d ms; %d of its %d tasks sent (%d before the cancel), %d dropped%n",
                        lastMs, sent.size(), DOOMED_URLS * POPS.size(), sentBefore, (long) cancelledTasks(registry));
                assertTrue(lastMs <= CANCEL_WITHIN.toMillis(), "a new request of the cancelled job " + lastMs + " ms after the cancel");
                assertTrue(cancelledTasks(registry) >= DOOMED_URLS * POPS.size() / 2, "most of the job was never sent: " + cancelledTasks(registry));
                assertEquals(sent.size(), sent.stream().map(r -> r.pathAndQuery() + "@" + r.pop()).distinct().count(), "each task sent once");
                assertEquals(sent.size(), doomedResults.size(), "every task sent, in flight at the cancel or before, has its result");
            }
        } finally {
            sampler.shutdownNow();
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, TaskBatch b) {
        producer.send(new ProducerRecord<>(TASKS.name(), b.recordKey(), TASKS.valueSerde().serializer().serialize(TASKS.name(), b)));
    }

    private static double cancelledTasks(SimpleMeterRegistry registry) {
        var counter = registry.find("prewarm.warm.tasks.cancelled").counter();
        return counter == null ? 0 : counter.count();
    }

    private static boolean committedToTheEnd(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        return committed.size() == KafkaFixture.PARTITIONS
                && committed.entrySet().stream().allMatch(e -> e.getValue().offset() == ends.get(e.getKey()).offset());
    }
}
