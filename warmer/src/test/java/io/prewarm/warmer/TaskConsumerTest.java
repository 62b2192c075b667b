package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's bookkeeping on Kafka's MockConsumer and MockProducer, with warm requests the
 * test ends when and how it chooses: whatever fails after a task started, its slot comes back, and
 * the commit point never passes a task whose result Kafka did not acknowledge.
 */
class TaskConsumerTest {
    private static final TopicPartition P0 = new TopicPartition(TASKS.name(), 0);
    private static final TopicPartition P1 = new TopicPartition(TASKS.name(), 1);
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final String BASE = "http://www.example.com/";

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<String, WarmResult> producer = new MockProducer<>(false, null, RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
    private final Map<String, CompletableFuture<WarmResult>> warms = new ConcurrentHashMap<>();
    private final Map<String, Task> tasksByUrl = new ConcurrentHashMap<>();
    private final InFlightLimits limits = new InFlightLimits(8, 8);
    private TaskConsumer tasks;
    private Thread loop;

    private ConsumerRecord<String, Task> task(TopicPartition tp, long offset, String name, String pop) {
        Task t = new Task("r1", BASE + name, pop, "d1", "http", "gzip", Long.MAX_VALUE);
        tasksByUrl.put(t.url(), t);
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, t.id().recordKey(), t);
    }

    private static String name(String url) {
        return url.substring(BASE.length());
    }

    private void start(Warm warm, SimpleMeterRegistry registry, List<ConsumerRecord<String, Task>> records) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            records.forEach(consumer::addRecord);
        });
        tasks = new TaskConsumer(consumer, producer, warm, limits, new WarmerMetrics(registry));
        loop = new Thread(tasks, "warmer-under-test");
        loop.start();
    }

    /** Warm requests that end when the test says so. */
    private CompletableFuture<WarmResult> scripted(Task task) {
        return warms.computeIfAbsent(task.url(), u -> new CompletableFuture<>());
    }

    private void warmed(String name) {
        Task t = tasksByUrl.get(BASE + name);
        warms.get(t.url()).complete(new WarmResult(t.requestID(), t.url(), t.pop(), t.acceptEncoding(), Outcome.SUCCESS, 200,
                null, null, 0, 1, 1, null, System.currentTimeMillis()));
    }

    private void awaitSent(int results) {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == results);
    }

    private void awaitInFlight(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> limits.inFlight() == n);
    }

    private void stop() throws InterruptedException {
        tasks.close();
        loop.join(TimeUnit.SECONDS.toMillis(60));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        warms.values().forEach(f -> f.completeExceptionally(new CancellationException("test over")));
        if (tasks != null) {
            stop();
        }
    }

    @Test
    void aSendThatThrowsOrFailsInItsCallbackGivesTheSlotBackAndTheCommitPointStopsAtThatTask() throws Exception {
        start(this::scripted, new SimpleMeterRegistry(), List.of(task(P0, 0, "a0", ATL), task(P0, 1, "a1", DFW), task(P0, 2, "a2", ATL),
                task(P0, 3, "a3", DFW), task(P1, 0, "b0", ATL), task(P1, 1, "b1", DFW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.size() == 6);
        assertEquals(6, limits.inFlight());

        warmed("a0");
        awaitSent(1);
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.furthestCommit(P0) == 1);

        producer.sendException = new KafkaException("the producer refused the record");
        warmed("a1");
        awaitInFlight(4);
        producer.sendException = null;

        warmed("a2");
        awaitSent(2);
        assertTrue(producer.errorNext(new TimeoutException("delivery timed out")));
        awaitInFlight(3);

        warmed("a3");
        warmed("b0");
        warmed("b1");
        awaitSent(5);
        while (producer.completeNext()) {
            // acknowledge every result still pending
        }
        awaitInFlight(0);
        assertEquals(0, limits.inFlight(ATL));
        assertEquals(0, limits.inFlight(DFW));
        stop();

        assertEquals(List.of("a0", "a2", "a3", "b0", "b1"), producer.history().stream().map(r -> name(r.value().url())).toList());
        assertEquals(1, consumer.furthestCommit(P0), "a1's result was never acknowledged: nothing after it is committed");
        assertEquals(2, consumer.furthestCommit(P1), "the other partition is committed to its end");
    }

    @Test
    void aWarmThatThrowsOrFailsGivesTheSlotBackWithoutCommittingTheTask() throws Exception {
        Warm warm = task -> switch (name(task.url())) {
            case "a0" -> throw new IllegalStateException("the warm request could not start");
            case "a1" -> CompletableFuture.failedFuture(new IllegalStateException("the warm request broke"));
            default -> scripted(task);
        };
        start(warm, new SimpleMeterRegistry(), List.of(task(P0, 0, "a0", ATL), task(P0, 1, "a1", ATL), task(P1, 0, "b0", ATL)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.size() == 1);
        awaitInFlight(1);

        warmed("b0");
        awaitSent(1);
        producer.completeNext();
        awaitInFlight(0);
        stop();

        assertEquals(0, consumer.furthestCommit(P0));
        assertEquals(1, consumer.furthestCommit(P1));
    }

    @Test
    void aMetricsRegistryThatThrowsNeitherKeepsTheSlotNorLosesTheResult() throws Exception {
        SimpleMeterRegistry broken = new SimpleMeterRegistry();
        broken.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().equals("prewarm.warm.requests")) {
                    throw new IllegalStateException("the registry is broken");
                }
                return id;
            }
        });
        ConsumerRecord<String, Task> a0 = task(P0, 0, "a0", ATL);
        WarmResult any = new WarmResult("r1", a0.value().url(), ATL, "gzip", Outcome.SUCCESS, 200, null, null, 0, 1, 1, null, 0);
        assertThrows(IllegalStateException.class, () -> new WarmerMetrics(broken).record(any), "the registry does throw");
        start(this::scripted, broken, List.of(a0));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.size() == 1);

        warmed("a0");
        awaitSent(1);
        producer.completeNext();
        awaitInFlight(0);
        stop();

        assertEquals(1, consumer.furthestCommit(P0));
    }

    @Test
    void theInFlightGaugeFollowsTheSlots() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(this::scripted, registry, List.of(task(P0, 0, "a0", ATL), task(P1, 0, "b0", DFW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.size() == 2);
        assertEquals(2, registry.get("prewarm.warm.in.flight").gauge().value());

        warmed("a0");
        awaitSent(1);
        producer.completeNext();
        awaitInFlight(1);
        assertEquals(1, registry.get("prewarm.warm.in.flight").gauge().value());
    }
}
