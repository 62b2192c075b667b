package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Document tasks through the consumer loop, read by a script the test ends by hand: a slot is held
 * while the document is read, its result goes out on {@code prewarm.results} as a document result,
 * the batch is committed only once that is acknowledged, a read without a result leaves its batch
 * uncommitted, and a cancelled job's document task is never read.
 */
class DocumentTaskConsumerTest {
    private static final TopicPartition P0 = new TopicPartition(TASKS.name(), 0);
    private static final String ATL = "ATL56-C1";
    private static final String DOC = "http://www.example.com/sitemap.xml";

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<String, ResultBatch> producer = new MockProducer<>(false, null, RESULTS.keySerde().serializer(),
            RESULTS.valueSerde().serializer());
    private final ResultBatcher results = new ResultBatcher(producer, 1, Duration.ofMinutes(1));
    private final Map<String, CompletableFuture<Expansion.DocumentResult>> reads = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final InFlightLimits limits = new InFlightLimits(8, 8, 100);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TaskConsumer tasks;
    private Thread loop;

    private static ConsumerRecord<String, TaskBatch> documentTask(String requestID, long offset) {
        PrewarmRequest forParts = new PrewarmRequest(List.of(), null, "http", "pop", List.of(ATL), null, List.of(""), null, null, null,
                List.of(ATL), null, null, null, null, "sitemap", null, null, null, null);
        TaskBatch b = new TaskBatch(requestID, List.of(DOC), List.of(ATL), List.of(""), "d1", "http", Map.of(), Long.MAX_VALUE, null, null,
                new Expansion.Read("sitemap", forParts));
        return new ConsumerRecord<>(P0.topic(), P0.partition(), offset, b.recordKey(), b);
    }

    private void start(List<ConsumerRecord<String, TaskBatch>> records) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            records.forEach(consumer::addRecord);
        });
        ReadDocument script = (Task task, Expansion.Read read) -> reads.computeIfAbsent(task.requestID(), id -> new CompletableFuture<>());
        Warm noWarms = task -> CompletableFuture.<WarmResult>failedFuture(new AssertionError("a document task is not warmed"));
        tasks = new TaskConsumer(consumer, results, noWarms, script, cancelled::contains, limits, new WarmerMetrics(registry),
                Pacing.of(WarmerConfig.fromEnv(Map.of())));
        loop = new Thread(tasks, "warmer-under-test");
        loop.start();
    }

    private static Expansion.DocumentResult result(String error) {
        return new Expansion.DocumentResult(DOC, "sitemap", 3, 2500, 2500, 0, null, error, 1L);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        reads.values().forEach(f -> f.completeExceptionally(new CancellationException("test over")));
        while (producer.completeNext()) {
            // acknowledge what a test left pending
        }
        tasks.close();
        loop.join(TimeUnit.SECONDS.toMillis(60));
        results.close();
    }

    @Test
    void aDocumentsResultGoesOutOnItsOwnAndItsBatchIsCommittedOnceItIsAcknowledged() {
        start(List.of(documentTask("r1", 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.containsKey("r1"));
        assertEquals(1, limits.inFlight(ATL), "the read holds a slot at its PoP");

        reads.get("r1").complete(result(null));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertEquals(0, limits.inFlight());
        ResultBatch sent = producer.history().get(0).value();
        assertEquals("r1", producer.history().get(0).key());
        assertEquals(new ResultBatch("r1", List.of(), List.of(), List.of(result(null))), sent);
        assertTrue(consumer.furthestCommit(P0) <= 0, "not before the result is acknowledged");

        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.furthestCommit(P0) == 1);
        assertEquals(1.0, registry.get("prewarm.documents").tag("outcome", "read").counter().count());
        assertEquals(2500.0, registry.get("prewarm.document.urls").counter().count());
    }

    @Test
    void aReadThatEndsWithoutAResultLeavesItsBatchUncommittedAndGivesItsSlotBack() {
        start(List.of(documentTask("r1", 0), documentTask("r2", 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.size() == 2);

        reads.get("r1").completeExceptionally(new IllegalStateException("a part was not written"));
        reads.get("r2").complete(result("HTTP 404"));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> limits.inFlight() == 0 && limits.pendingResults() == 0);
        assertEquals(1.0, registry.get("prewarm.documents").tag("outcome", "failed").counter().count());
        assertTrue(consumer.furthestCommit(P0) <= 0, "the commit point stops at the batch without a result");
    }

    @Test
    void aCancelledJobsDocumentTaskIsNeverRead() {
        cancelled.add("r1");
        start(List.of(documentTask("r1", 0)));

        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.furthestCommit(P0) == 1);
        assertTrue(reads.isEmpty());
        assertTrue(producer.history().isEmpty());
    }
}
