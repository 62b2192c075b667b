package io.prewarm.status;

import static io.prewarm.contract.Topics.JOBS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Job;
import io.prewarm.contract.KafkaSettings;
import io.prewarm.status.StatusInstances.Instance;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /jobs} on two status instances against one broker: each holds only some jobs, and
 * either one lists all of them, newest first, by asking the other.
 */
class RecentJobsAcrossInstancesIT {
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

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("jobs").forEach(j -> ids.add(j.path("requestID").asText()));
        return ids;
    }

    @Test
    void eitherInstanceListsEveryInstancesJobsNewestFirst() throws Exception {
        List<String> ids = StatusInstances.oneIdPerPartition();
        try (KafkaProducer<String, Job> producer = new KafkaProducer<>(KafkaSettings.producer(kafka.bootstrapServers()),
                Serdes.String().serializer(), JOBS.valueSerde().serializer())) {
            for (int n = 0; n < ids.size(); n++) {
                String id = ids.get(n);
                producer.send(new ProducerRecord<>(JOBS.name(), id,
                        new Job(id, List.of("http://a.example/u1"), List.of("ATL56-C1"), null, 1_000 + n, Long.MAX_VALUE, null)));
            }
            producer.flush();
        }
        Instance a = start("a");
        Instance b = start("b");
        List<String> newestFirst = new ArrayList<>(ids);
        Collections.reverse(newestFirst);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                ids(a.api().get("/jobs?limit=200").body()).equals(newestFirst) && ids(b.api().get("/jobs?limit=200").body()).equals(newestFirst));

        List<String> aHolds = ids(a.api().get("/internal/jobs?limit=200").body());
        List<String> bHolds = ids(b.api().get("/internal/jobs?limit=200").body());
        assertTrue(!aHolds.isEmpty() && !bHolds.isEmpty(), "each instance holds some jobs: " + aHolds + " / " + bHolds);
        assertEquals(ids.size(), aHolds.size() + bHolds.size(), "each job is held by one instance");
        assertEquals(newestFirst.subList(0, 3), ids(b.api().get("/jobs?limit=3").body()));
        JsonNode newest = a.api().get("/jobs?limit=1").body().path("jobs").get(0);
        assertEquals("IN_PROGRESS", newest.path("status").asText());
        assertEquals(1_000 + ids.size() - 1, newest.path("createdAt").asLong());
        assertEquals(400, a.api().get("/jobs?limit=201").status());
    }
}
