package io.prewarm.status;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.StatusInstances.Instance;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two status-store instances on their own ports against one broker: each answers for every
 * requestID, forwarding to the owner, and when one stops the other takes over, answering 503 while
 * ownership moves but never a wrong status.
 */
class StatusForwardingIT {
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private StatusInstances instances;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        instances = new StatusInstances(dir, kafka.bootstrapServers());
    }

    @AfterEach
    void tearDown() throws Exception {
        instances.close();
        kafka.close();
    }

    private Instance start(String name) {
        return instances.start(name);
    }

    /** Every job has URL u1 complete; even-numbered jobs also have u2 done, odd ones leave it unfinished. */
    private void produceJobs(List<String> ids) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                Serdes.String().serializer(), (topic, v) -> v instanceof Job j ? JOBS.valueSerde().serializer().serialize(topic, j)
                        : RESULTS.valueSerde().serializer().serialize(topic, (ResultBatch) v))) {
            for (int n = 0; n < ids.size(); n++) {
                String id = ids.get(n);
                producer.send(new ProducerRecord<>(JOBS.name(), id, new Job(id, List.of("http://a.example/u1", "http://a.example/u2"), POPS, null, 0, Long.MAX_VALUE, null)));
                List<WarmResult> batch = new ArrayList<>();
                for (String pop : POPS) {
                    batch.add(result(id, "http://a.example/u1", pop));
                    if (n % 2 == 0) {
                        batch.add(result(id, "http://a.example/u2", pop));
                    }
                }
                producer.send(new ProducerRecord<>(RESULTS.name(), id, new ResultBatch(id, batch)));
            }
            producer.flush();
        }
    }

    private static WarmResult result(String id, String url, String pop) {
        return new WarmResult(id, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, "Miss", pop, 1, 1, 1, null, 1);
    }

    /**
     * Cancels a running job through the instance that does not hold it, the requestID in a JSON body:
     * the cancel, and a status query of that shape, are forwarded to the owner. Returns its index.
     */
    private static int cancelThroughTheOther(Instance a, Instance b, List<String> ids) {
        String id = ids.get(1);
        Instance other = a.ownsLocally(id) ? b : a;
        String body = "{\"requestID\": \"" + id + "\"}";
        Api.Reply cancel = other.send("DELETE", "/prewarm", body);
        assertEquals(200, cancel.status(), cancel.raw().body());
        assertEquals("CANCELLED", cancel.text("status"));
        assertEquals("CANCELLED", other.send("GET", "/status", body).text("status"));
        return 1;
    }

    private static String expected(int n) {
        return n % 2 == 0 ? "COMPLETED" : "IN_PROGRESS";
    }

    @Test
    void everyInstanceAnswersForEveryRequestAndTheSurvivorTakesOver() throws Exception {
        List<String> ids = StatusInstances.oneIdPerPartition();
        produceJobs(ids);
        Instance a = start("a");
        Instance b = start("b");

        await().atMost(Duration.ofSeconds(120)).until(() -> ids.stream().allMatch(id ->
                a.api().status(id).status() == 200 && b.api().status(id).status() == 200));
        Set<Boolean> aOwnsLocally = new HashSet<>();
        for (int n = 0; n < ids.size(); n++) {
            String id = ids.get(n);
            Api.Reply fromA = a.api().status(id);
            assertEquals(expected(n), fromA.text("status"), fromA.raw().body());
            assertEquals(fromA.raw().body(), b.api().status(id).raw().body());
            aOwnsLocally.add(a.ownsLocally(id));
        }
        assertEquals(Set.of(true, false), aOwnsLocally, "both instances own some keys, so both forwarded");
        int cancelled = cancelThroughTheOther(a, b, ids);

        instances.stop(b);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean allAnswered = true;
            for (int n = 0; n < ids.size(); n++) {
                Api.Reply reply = a.api().status(ids.get(n));
                if (reply.status() == 200) {
                    assertEquals(n == cancelled ? "CANCELLED" : expected(n), reply.text("status"), "never a wrong answer while ownership moves");
                } else {
                    assertEquals(503, reply.status(), reply.raw().body());
                    assertTrue(reply.raw().headers().firstValue("Retry-After").isPresent());
                    allAnswered = false;
                }
            }
            return allAnswered;
        });
    }
}
