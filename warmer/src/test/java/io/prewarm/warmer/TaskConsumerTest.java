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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer loop's bookkeeping on Kafka's MockConsumer and MockProducer, with warm requests the
 * test ends when and how it chooses, and acknowledgements it gives (or refuses) by hand: a slot
 * comes back when its warm request ends, whatever fails after; a batch's offset is committed only
 * once every one of its tasks' results is acknowledged; and the results awaiting acknowledgement
 * are bounded on their own. Each result goes out as its own record here, so each can be
 * acknowledged on its own ({@link ResultBatcherTest} covers the batching).
 */
class TaskConsumerTest {
    private static final TopicPartition P0 = new TopicPartition(TASKS.name(), 0);
    private static final TopicPartition P1 = new TopicPartition(TASKS.name(), 1);
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final String IAD = "IAD89-P1";
    private static final String BASE = "http://www.example.com/";

    private final RecordingConsumer consumer = new RecordingConsumer();
    private final MockProducer<String, ResultBatch> producer = new MockProducer<>(false, null, RESULTS.keySerde().serializer(),
            RESULTS.valueSerde().serializer());
    private final ResultBatcher results = new ResultBatcher(producer, 1, Duration.ofMinutes(1));
    private final Map<String, CompletableFuture<WarmResult>> warms = new ConcurrentHashMap<>();
    private final Map<String, Task> tasksByLabel = new ConcurrentHashMap<>();
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private InFlightLimits limits = new InFlightLimits(8, 8, 100);
    private Pacing pacing = Pacing.of(WarmerConfig.fromEnv(Map.of()));
    private volatile boolean over;
    private TaskConsumer tasks;
    private Thread loop;

    /** A record of one batch: these URL names, each at these PoPs. */
    private ConsumerRecord<String, TaskBatch> batch(TopicPartition tp, long offset, List<String> names, List<String> pops) {
        return batch("r1", tp, offset, names, pops);
    }

    /** A record of one batch of job {@code requestID}: these URL names, each at these PoPs. */
    private ConsumerRecord<String, TaskBatch> batch(String requestID, TopicPartition tp, long offset, List<String> names, List<String> pops) {
        return batch(requestID, tp, offset, names, pops, null);
    }

    /** A record of one batch of job {@code requestID} with this {@code max_rate}: these URL names, each at these PoPs. */
    private ConsumerRecord<String, TaskBatch> batch(String requestID, TopicPartition tp, long offset, List<String> names, List<String> pops,
                                                    Integer maxRate) {
        TaskBatch b = new TaskBatch(requestID, names.stream().map(n -> BASE + n).toList(), pops, List.of("gzip"), "d1", "http", Map.of(), Long.MAX_VALUE,
                null, maxRate);
        b.tasks().forEach(t -> tasksByLabel.put(label(t), t));
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, b.recordKey(), b);
    }

    private ConsumerRecord<String, TaskBatch> one(TopicPartition tp, long offset, String name, String pop) {
        return batch(tp, offset, List.of(name), List.of(pop));
    }

    private static String label(Task t) {
        return t.url().substring(BASE.length()) + "@" + t.pop();
    }

    private static String name(String url) {
        return url.substring(BASE.length());
    }

    private void start(Warm warm, SimpleMeterRegistry registry, List<ConsumerRecord<String, TaskBatch>> records) {
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0, P1));
            records.forEach(consumer::addRecord);
        });
        tasks = new TaskConsumer(consumer, results, warm, cancelled::contains, limits, new WarmerMetrics(registry), pacing);
        loop = new Thread(tasks, "warmer-under-test");
        loop.start();
    }

    private void start(List<ConsumerRecord<String, TaskBatch>> records) {
        start(this::scripted, new SimpleMeterRegistry(), records);
    }

    /** Warm requests that end when the test says so. */
    private CompletableFuture<WarmResult> scripted(Task task) {
        if (over) {
            return CompletableFuture.failedFuture(new CancellationException("test over")); // a stop's drain need not wait for it
        }
        return warms.computeIfAbsent(label(task), l -> new CompletableFuture<>());
    }

    private void warmed(String name, String pop) {
        Task t = tasksByLabel.get(name + "@" + pop);
        warms.get(label(t)).complete(new WarmResult(t.requestID(), t.url(), t.pop(), t.acceptEncoding(), Outcome.SUCCESS, 200,
                null, null, 0, 1, 1, null, System.currentTimeMillis()));
    }

    /** Ends the warm request of the one task of URL {@code name}. */
    private void warmed(String name) {
        String label = tasksByLabel.keySet().stream().filter(l -> l.startsWith(name + "@")).findFirst().orElseThrow();
        warmed(name, label.substring(label.indexOf('@') + 1));
    }

    private void awaitStarted(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.size() == n);
    }

    private void awaitSent(int records) {
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == records);
    }

    private void awaitPending(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> limits.pendingResults() == n);
    }

    private void awaitCommitted(TopicPartition tp, long offset) {
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.furthestCommit(tp) == offset);
    }

    private void stop() throws InterruptedException {
        tasks.close();
        loop.join(TimeUnit.SECONDS.toMillis(60));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        over = true;
        warms.values().forEach(f -> f.completeExceptionally(new CancellationException("test over")));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            while (producer.completeNext()) {
                // acknowledge what a test left pending, so the loop's drain need not wait for it
            }
            return limits.pendingResults() == 0;
        });
        if (tasks != null) {
            stop();
        }
        results.close();
    }

    @Test
    void aSendThatThrowsOrFailsInItsCallbackSettlesTheTaskAndTheCommitPointStopsAtItsBatch() throws Exception {
        start(List.of(one(P0, 0, "a0", ATL), one(P0, 1, "a1", DFW), one(P0, 2, "a2", ATL),
                one(P0, 3, "a3", DFW), one(P1, 0, "b0", ATL), one(P1, 1, "b1", DFW)));
        awaitStarted(6);
        assertEquals(6, limits.inFlight());

        warmed("a0");
        awaitSent(1);
        producer.completeNext();
        awaitCommitted(P0, 1);

        producer.sendException = new KafkaException("the producer refused the record");
        warmed("a1");
        awaitPending(0);
        producer.sendException = null;

        warmed("a2");
        awaitSent(2);
        assertTrue(producer.errorNext(new TimeoutException("delivery timed out")));
        awaitPending(0);

        warmed("a3");
        warmed("b0");
        warmed("b1");
        awaitSent(5);
        while (producer.completeNext()) {
            // acknowledge every result still pending
        }
        awaitPending(0);
        assertEquals(0, limits.inFlight());
        assertEquals(0, limits.inFlight(ATL));
        assertEquals(0, limits.inFlight(DFW));
        stop();

        assertEquals(List.of("a0", "a2", "a3", "b0", "b1"), producer.history().stream()
                .flatMap(r -> r.value().results().stream()).map(r -> name(r.url())).toList());
        assertEquals(1, consumer.furthestCommit(P0), "a1's result was never acknowledged: nothing after it is committed");
        assertEquals(2, consumer.furthestCommit(P1), "the other partition is committed to its end");
    }

    @Test
    void aWarmThatThrowsOrFailsGivesTheSlotBackWithoutCommittingItsBatch() throws Exception {
        Warm warm = task -> switch (name(task.url())) {
            case "a0" -> throw new IllegalStateException("the warm request could not start");
            case "a1" -> CompletableFuture.failedFuture(new IllegalStateException("the warm request broke"));
            default -> scripted(task);
        };
        start(warm, new SimpleMeterRegistry(), List.of(one(P0, 0, "a0", ATL), one(P0, 1, "a1", ATL), one(P1, 0, "b0", ATL)));
        awaitStarted(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> limits.inFlight() == 1);
        assertEquals(0, limits.pendingResults(), "the failed ones left no result behind");

        warmed("b0");
        awaitSent(1);
        producer.completeNext();
        awaitPending(0);
        assertEquals(0, limits.inFlight());
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
        ConsumerRecord<String, TaskBatch> a0 = one(P0, 0, "a0", ATL);
        WarmResult any = new WarmResult("r1", BASE + "a0", ATL, "gzip", Outcome.SUCCESS, 200, null, null, 0, 1, 1, null, 0);
        assertThrows(IllegalStateException.class, () -> new WarmerMetrics(broken).record(any), "the registry does throw");
        start(this::scripted, broken, List.of(a0));
        awaitStarted(1);

        warmed("a0");
        assertEquals(0, limits.inFlight());
        awaitSent(1);
        producer.completeNext();
        awaitPending(0);
        stop();

        assertEquals(1, consumer.furthestCommit(P0));
    }

    @Test
    void theGaugesFollowTheSlotsAndTheResultsAwaitingAcknowledgement() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(this::scripted, registry, List.of(one(P0, 0, "a0", ATL), one(P1, 0, "b0", DFW)));
        awaitStarted(2);
        assertEquals(2, registry.get("prewarm.warm.in.flight").gauge().value());
        assertEquals(0, registry.get("prewarm.warm.results.pending").gauge().value());

        warmed("a0");
        assertEquals(1, registry.get("prewarm.warm.in.flight").gauge().value());
        assertEquals(1, registry.get("prewarm.warm.results.pending").gauge().value());

        awaitSent(1);
        producer.completeNext();
        awaitPending(0);
        assertEquals(0, registry.get("prewarm.warm.results.pending").gauge().value());
    }

    @Test
    void aStopFinishesTheBegunBatchAndStartsNoOtherSoTheNextOwnerRepeatsNothing() throws Exception {
        limits = new InFlightLimits(2, 8, 100);
        start(List.of(batch(P0, 0, List.of("a"), List.of(ATL, DFW, IAD)), one(P0, 1, "b", ATL)));
        awaitStarted(2);

        Thread stopping = new Thread(() -> {
            try {
                stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        // the slots come back only once the loop began its stop: before, it would rightly begin b with them
        await().atMost(Duration.ofSeconds(10)).until(tasks::draining);
        warmed("a", ATL);
        warmed("a", DFW);
        awaitStarted(3);
        assertTrue(tasksByLabel.containsKey("a@" + IAD) && warms.containsKey("a@" + IAD), "the begun batch's last task started during the stop");
        warmed("a", IAD);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            producer.completeNext();
            return !stopping.isAlive();
        });
        tasks = null;

        assertEquals(3, warms.size(), "b's batch was never begun, so it was not started: " + warms.keySet());
        assertEquals(1, consumer.furthestCommit(P0), "the begun batch is committed, the untouched one is left to the next owner");
    }

    @Test
    void aBatchIsCommittedOnlyOnceEveryOneOfItsTasksHasItsResultAcknowledged() {
        start(List.of(batch(P0, 0, List.of("a"), List.of(ATL, DFW, IAD)), one(P1, 0, "w", ATL)));
        awaitStarted(4);

        warmed("a", ATL);
        warmed("a", DFW);
        awaitSent(2);
        producer.completeNext();
        producer.completeNext();
        warmed("w");
        awaitSent(3);
        producer.completeNext();
        awaitCommitted(P1, 1);
        assertTrue(consumer.furthestCommit(P0) <= 0, "two of its three results acknowledged: the batch stays open");

        warmed("a", IAD);
        awaitSent(4);
        producer.completeNext();
        awaitCommitted(P0, 1);
    }

    @Test
    void aResultWhoseAcknowledgementFailedKeepsItsBatchAndTheOnesAfterItUncommitted() throws Exception {
        start(List.of(batch(P0, 0, List.of("a"), List.of(ATL, DFW)), one(P0, 1, "c", ATL), one(P1, 0, "w", ATL)));
        awaitStarted(4);

        warmed("a", ATL);
        awaitSent(1);
        producer.completeNext();
        warmed("a", DFW);
        awaitSent(2);
        assertTrue(producer.errorNext(new TimeoutException("delivery timed out")));
        warmed("c");
        warmed("w");
        awaitSent(4);
        producer.completeNext();
        producer.completeNext();
        awaitCommitted(P1, 1);
        awaitPending(0);
        stop();

        assertEquals(0, consumer.furthestCommit(P0), "a@DFW was never acknowledged: neither its batch nor c after it is committed");
    }

    @Test
    void aSlotIsFreeAgainBeforeItsResultIsAcknowledged() {
        limits = new InFlightLimits(1, 1, 8);
        start(List.of(one(P0, 0, "a0", ATL), one(P0, 1, "a1", ATL)));
        awaitStarted(1);

        warmed("a0");
        awaitStarted(2);
        assertEquals(1, limits.pendingResults(), "a1 runs while a0's result still awaits its acknowledgement");
        assertTrue(consumer.furthestCommit(P0) <= 0);
    }

    @Test
    void noTaskStartsWhileTheResultsAwaitingAcknowledgementAreAtTheirBound() {
        limits = new InFlightLimits(2, 2, 2);
        start(List.of(one(P0, 0, "a0", ATL), one(P0, 1, "a1", ATL), one(P0, 2, "a2", ATL), one(P0, 3, "a3", ATL)));
        awaitStarted(2);
        warmed("a0");
        awaitStarted(3);

        warmed("a1");
        awaitSent(2);
        int polls = consumer.polls();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.polls() >= polls + 2);
        assertEquals(3, warms.size(), "a slot is free, but two results await their acknowledgement: a3 does not start");
        assertEquals(1, limits.inFlight());

        producer.completeNext();
        awaitStarted(4);
    }

    @Test
    void aFullPopHoldsBackOnlyItsOwnTasks() {
        limits = new InFlightLimits(8, 1, 100);
        start(List.of(batch(P0, 0, List.of("u1", "u2"), List.of(ATL, DFW)), one(P0, 1, "c", IAD)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.keySet().equals(Set.of("u1@" + ATL, "u1@" + DFW, "c@" + IAD)));

        warmed("u1", ATL);
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("u2@" + ATL));
        assertEquals(4, warms.size(), "u2@DFW still waits for DFW's one slot");
    }

    private static double cancelledTasks(SimpleMeterRegistry registry) {
        var counter = registry.find("prewarm.warm.tasks.cancelled").counter();
        return counter == null ? 0 : counter.count();
    }

    private List<String> resultNames() {
        return producer.history().stream().flatMap(r -> r.value().results().stream()).map(r -> name(r.url())).sorted().toList();
    }

    @Test
    void aCancelledJobsBatchesStartNoTaskAndAreCommittedWhileOtherJobsWarm() {
        cancelled.add("gone");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(this::scripted, registry, List.of(batch("gone", P0, 0, List.of("g0", "g1"), List.of(ATL, DFW)), one(P0, 1, "k0", ATL),
                batch("gone", P1, 0, List.of("g2"), List.of(ATL)), one(P1, 1, "k1", DFW)));
        awaitStarted(2);
        warmed("k0");
        warmed("k1");
        awaitSent(2);
        producer.completeNext();
        producer.completeNext();
        awaitCommitted(P0, 2);
        awaitCommitted(P1, 2);

        assertEquals(Set.of("k0@" + ATL, "k1@" + DFW), warms.keySet(), "no task of the cancelled job started");
        assertEquals(List.of("k0", "k1"), resultNames(), "and none has a result");
        assertEquals(5, cancelledTasks(registry));
    }

    @Test
    void aCancelWhileItsTasksWaitStopsThemAndItsTasksInFlightStillEndWithTheirResults() {
        limits = new InFlightLimits(2, 8, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(this::scripted, registry, List.of(batch("gone", P0, 0, List.of("g0", "g1", "g2", "g3", "g4"), List.of(ATL)), one(P0, 1, "k0", DFW)));
        awaitStarted(2);
        assertEquals(Set.of("g0@" + ATL, "g1@" + ATL), warms.keySet());

        cancelled.add("gone");
        warmed("g0");
        warmed("g1");
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("k0@" + DFW));
        awaitSent(2);
        producer.completeNext();
        producer.completeNext();
        awaitCommitted(P0, 1);
        warmed("k0");
        awaitSent(3);
        producer.completeNext();
        awaitCommitted(P0, 2);

        assertEquals(3, warms.size(), "g2..g4 never started: " + warms.keySet());
        assertEquals(List.of("g0", "g1", "k0"), resultNames(), "the ones in flight ended with their results");
        assertEquals(3, cancelledTasks(registry));
    }

    @Test
    void aCancelledJobsWaitingBatchIsDroppedWhileEverySlotIsTakenAndItsPartitionGoesOn() {
        limits = new InFlightLimits(1, 1, 100);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        start(this::scripted, registry, List.of(one(P0, 0, "k0", ATL)));
        awaitStarted(1);
        consumer.schedulePollTask(() -> consumer.addRecord(batch("gone", P1, 0, List.of("g0", "g1"), List.of(ATL))));
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.paused().isEmpty());

        cancelled.add("gone");
        awaitCommitted(P1, 1);
        assertEquals(1, limits.inFlight(), "k0 still holds the only slot");
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().isEmpty());
        assertEquals(Set.of("k0@" + ATL), warms.keySet());
        assertEquals(2, cancelledTasks(registry));
    }

    private long started(String prefix) {
        return warms.keySet().stream().filter(l -> l.startsWith(prefix)).count();
    }

    private List<ResultBatch.PopBackoff> words(String requestID) {
        return producer.history().stream().filter(r -> r.key().equals(requestID)).flatMap(r -> r.value().backoffs().stream()).toList();
    }

    @Test
    void aRateCappedJobHoldsBackOnlyItsOwnTasksTheLoopKeepsPollingAndItsBucketGoesWhenItEnds() {
        start(List.of(batch("slow", P0, 0, List.of("s0", "s1"), List.of(ATL), 1), one(P0, 1, "k0", DFW)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("s0@" + ATL) && warms.containsKey("k0@" + DFW));
        assertEquals(1, started("s"), "max_rate 1: one request now (the burst), the next in a second");

        consumer.schedulePollTask(() -> consumer.addRecord(one(P1, 0, "k1", IAD)));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("k1@" + IAD));
        assertTrue(consumer.paused().isEmpty(), "only a cap holds the waiting task: the partitions are not paused");

        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("s1@" + ATL));
        for (String done : List.of("s0", "s1", "k0", "k1")) {
            warmed(done);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            producer.completeNext();
            return limits.pendingResults() == 0 && pacing.jobs().size() == 0;
        });
    }

    @Test
    void aBackedOffPopHoldsBackOnlyItsTasksAndItsJobsHearWhenItOpensAndCloses() {
        pacing.circuits().overloaded(ATL, "HTTP 503", "60");
        pacing.circuits().overloaded(ATL, "HTTP 503", "60");
        pacing.circuits().overloaded(ATL, "HTTP 503", "60");
        start(List.of(batch("r1", P0, 0, List.of("a"), List.of(ATL, DFW)), batch("r2", P1, 0, List.of("b"), List.of(ATL))));
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("a@" + DFW));
        await().atMost(Duration.ofSeconds(10)).until(() -> !words("r1").isEmpty() && !words("r2").isEmpty());
        assertEquals(Set.of("a@" + DFW), warms.keySet(), "ATL's tasks wait for it, DFW's go");
        ResultBatch.PopBackoff open = words("r2").get(0);
        assertTrue(open.open() && open.pop().equals(ATL) && open.reason().equals("HTTP 503 x3, Retry-After: 60"), open.toString());
        assertTrue(consumer.paused().isEmpty());

        pacing.circuits().answered(ATL, "HTTP 200");
        await().atMost(Duration.ofSeconds(10)).until(() -> warms.containsKey("a@" + ATL) && warms.containsKey("b@" + ATL));
        await().atMost(Duration.ofSeconds(10)).until(() -> words("r1").stream().anyMatch(w -> !w.open())
                && words("r2").stream().anyMatch(w -> !w.open()));
        assertTrue(producer.history().stream().filter(r -> !r.value().backoffs().isEmpty()).allMatch(r -> r.value().results().isEmpty()),
                "a word is a record of its own");
    }

    @Test
    void batchesHeldByACapAreBoundedAndThenThePartitionsPause() {
        pacing = new Pacing(new LocalJobs(0), pacing.circuits(), 2);
        start(List.of(batch("slow", P0, 0, List.of("s0"), List.of(ATL), 1), batch("slow", P0, 1, List.of("s1"), List.of(ATL), 1),
                batch("slow", P0, 2, List.of("s2"), List.of(ATL), 1)));
        awaitStarted(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.paused().isEmpty());
    }

    @Test
    void aPopBackedOffPastTheGiveUpFailsItsTasksUnsentAndTheBatchIsStillCommitted() {
        pacing = Pacing.of(WarmerConfig.fromEnv(Map.of("PREWARM_POP_GIVE_UP_MS", "1")));
        for (int i = 0; i < 3; i++) {
            pacing.circuits().overloaded(ATL, "HTTP 503", "60");
        }
        start(List.of(batch(P0, 0, List.of("a"), List.of(ATL, DFW))));
        awaitStarted(1);
        warmed("a", DFW);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().stream().mapToInt(r -> r.value().results().size()).sum() == 2);
        while (producer.completeNext()) {
            // acknowledge both results (and the back-off word to the job)
        }
        awaitCommitted(P0, 1);

        assertEquals(Set.of("a@" + DFW), warms.keySet(), "nothing was sent to ATL");
        WarmResult failed = producer.history().stream().flatMap(r -> r.value().results().stream()).filter(w -> w.pop().equals(ATL))
                .findFirst().orElseThrow();
        assertEquals(Outcome.FAILURE, failed.outcome());
        assertEquals(0, failed.attempts());
        assertTrue(failed.error().startsWith("not sent: PoP ATL56-C1 backed off since "), failed.error());
    }

    @Test
    void aTaskHeldByABackedOffPopStartsOnceItsDeadlinePassedSoItIsSkippedNotLeftWaiting() {
        for (int i = 0; i < 3; i++) {
            pacing.circuits().overloaded(ATL, "HTTP 503", "60");
        }
        TaskBatch b = new TaskBatch("r1", List.of(BASE + "late"), List.of(ATL), List.of("gzip"), "d1", "http", Map.of(),
                System.currentTimeMillis() + 300, null, null);
        b.tasks().forEach(t -> tasksByLabel.put(label(t), t));
        start(List.of(new ConsumerRecord<>(P0.topic(), P0.partition(), 0, b.recordKey(), b)));

        awaitStarted(1); // the warm call is where a task past its deadline ends as SKIPPED, nothing sent
        Task started = tasksByLabel.get("late@" + ATL);
        assertTrue(System.currentTimeMillis() > started.deadline(), "it waited for the PoP until its deadline passed");
        assertTrue(pacing.circuits().gate(ATL) instanceof PopCircuits.Held, "the PoP is still backed off");
    }
}
