package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How finished results become records: one per job per linger or per size, each result told once how its record ended. */
class ResultBatcherTest {
    private static final Duration LONG = Duration.ofMinutes(1);
    private final MockProducer<String, ResultBatch> producer = new MockProducer<>(false, null, RESULTS.keySerde().serializer(),
            RESULTS.valueSerde().serializer());
    private ResultBatcher batcher;

    /** Remembers how often and how it was told. */
    private static final class Told implements ResultBatcher.Delivered {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Exception> error = new AtomicReference<>();

        @Override
        public void delivered(Exception e) {
            calls.incrementAndGet();
            error.set(e);
        }
    }

    private static WarmResult result(String requestID, int i) {
        return new WarmResult(requestID, "http://www.example.com/" + i, "ATL56-C1", "gzip", Outcome.SUCCESS, 200, null, null, 0, 1, 1, null, 0);
    }

    private List<Told> add(String requestID, int n) {
        List<Told> told = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Told t = new Told();
            batcher.add(result(requestID, i), t);
            told.add(t);
        }
        return told;
    }

    private Map<String, List<Integer>> sentSizes() {
        return producer.history().stream().collect(Collectors.groupingBy(r -> r.key(),
                Collectors.mapping(r -> r.value().results().size(), Collectors.toList())));
    }

    @AfterEach
    void tearDown() {
        batcher.close();
    }

    @Test
    void theResultsOfOneJobWithinTheLingerGoOutAsOneRecord() {
        batcher = new ResultBatcher(producer, 500, LONG);
        add("r1", 3);
        add("r2", 1);
        add("r1", 2);
        assertEquals(List.of(), producer.history(), "nothing goes before the linger has passed");

        batcher.flush(); // what the linger timer runs

        assertEquals(Map.of("r1", List.of(5), "r2", List.of(1)), sentSizes());
        ResultBatch r1 = producer.history().stream().filter(r -> r.key().equals("r1")).findFirst().orElseThrow().value();
        assertEquals("r1", r1.requestID());
        assertEquals(List.of(0, 1, 2, 0, 1), r1.results().stream().map(r -> Integer.parseInt(r.url().substring(r.url().lastIndexOf('/') + 1))).toList());
    }

    @Test
    void theLingerTimerSendsOnItsOwn() {
        batcher = new ResultBatcher(producer, 500, Duration.ofMillis(20));
        add("r1", 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertEquals(Map.of("r1", List.of(2)), sentSizes());
    }

    @Test
    void aJobThatReachesTheSizeGoesOutAtOnceWithoutWaitingForTheLinger() {
        batcher = new ResultBatcher(producer, 3, LONG);
        add("r1", 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        assertEquals(Map.of("r1", List.of(3, 3)), sentSizes());
        assertEquals(1, batcher.held(), "the seventh waits for the linger");
    }

    @Test
    void theBatcherHoldsNothingAfterAFlushAndArmsOneTimerHoweverManyResults() {
        batcher = new ResultBatcher(producer, 500, LONG);
        add("r1", 100);
        add("r2", 100);
        assertEquals(200, batcher.held());
        assertEquals(1, batcher.armedTimers(), "one linger timer, not one per result");

        batcher.flush();
        assertEquals(0, batcher.held());
        assertEquals(2, producer.history().size());
    }

    @Test
    void everyResultOfARecordIsToldOnceWhetherKafkaAcknowledgedIt() {
        batcher = new ResultBatcher(producer, 500, LONG);
        List<Told> acknowledged = add("r1", 3);
        List<Told> refused = add("r2", 2);
        batcher.flush();
        assertTrue(acknowledged.stream().allMatch(t -> t.calls.get() == 0), "not before Kafka answers");

        assertTrue(producer.completeNext());
        TimeoutException timeout = new TimeoutException("delivery timed out");
        assertTrue(producer.errorNext(timeout));

        for (Told t : acknowledged) {
            assertEquals(1, t.calls.get());
            assertNull(t.error.get());
        }
        for (Told t : refused) {
            assertEquals(1, t.calls.get());
            assertSame(timeout, t.error.get());
        }
    }

    @Test
    void aSendThatThrowsTellsEveryResultOfTheRecord() {
        batcher = new ResultBatcher(producer, 500, LONG);
        List<Told> told = add("r1", 2);
        KafkaException refused = new KafkaException("the producer refused the record");
        producer.sendException = refused;
        batcher.flush();

        for (Told t : told) {
            assertEquals(1, t.calls.get());
            assertSame(refused, t.error.get());
        }
    }

    @Test
    void closeSendsWhatIsCollectedAndRefusesLaterResults() {
        batcher = new ResultBatcher(producer, 500, LONG);
        add("r1", 2);
        batcher.close();
        assertEquals(Map.of("r1", List.of(2)), sentSizes(), "sent before close returns, so before the producer closes");

        Told late = add("r1", 1).get(0);
        assertEquals(1, late.calls.get());
        assertTrue(late.error.get() instanceof IllegalStateException);
        assertEquals(0, batcher.held());
    }
}
