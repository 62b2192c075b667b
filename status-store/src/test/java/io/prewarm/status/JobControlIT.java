package io.prewarm.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Topics;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.StatusInstances.Instance;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE /prewarm} and {@code POST /prewarm/retry} on a real broker, jobs folded from records
 * produced directly: a cancel ends a running job CANCELLED and announces it on prewarm.cancels; a
 * retry writes exactly the failed tasks as a new job, which the store knows at once.
 */
class JobControlIT {
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final List<String> POPS = List.of(ATL, DFW);
    private static final String V = "gzip";
    private static final PrewarmRequest SETTINGS = new PrewarmRequest(List.of(), null, "https", "pop", POPS, null, List.of(V), 30, null,
            null, null, null, null);

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private StatusInstances instances;
    private StatusInputs inputs;
    private Instance status;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        instances = new StatusInstances(dir, kafka.bootstrapServers());
        inputs = new StatusInputs(kafka.bootstrapServers());
        status = instances.start("a");
        await().atMost(Duration.ofSeconds(120)).until(() -> status.api().status("warm-up").status() == 404);
    }

    @AfterEach
    void tearDown() throws Exception {
        inputs.close();
        instances.close();
        kafka.close();
    }

    private Api.Reply send(String method, String pathAndQuery, String body) {
        return status.send(method, pathAndQuery, body);
    }

    /** Results are folded asynchronously (read-your-writes is about a job's existence): wait until the job shows {@code expected}. */
    private void awaitStatus(String id, String expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> expected.equals(status.api().status(id).text("status")));
    }

    private static Job job(String id, List<String> urls) {
        return new Job(id, urls, POPS, List.of(V), System.currentTimeMillis(), Long.MAX_VALUE, null, 0, 1, SETTINGS, 0);
    }

    private static WarmResult result(String id, String url, String pop, Outcome outcome) {
        return new WarmResult(id, url, pop, V, outcome, outcome == Outcome.SUCCESS ? 200 : 503, null, pop, 1, 1, 1,
                outcome == Outcome.SUCCESS ? null : "HTTP 503", 1);
    }

    @Test
    void aRunningJobIsCancelledOnceAndAFinishedOneIsNot() {
        inputs.job(job("run-1", List.of("https://a.example/1", "https://a.example/2")));
        inputs.results("run-1", List.of(result("run-1", "https://a.example/1", ATL, Outcome.SUCCESS)));

        Api.Reply cancelled = send("DELETE", "/prewarm?requestID=run-1", "");
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("CANCELLED", cancelled.text("status"));
        assertEquals("run-1", cancelled.text("requestID"));
        Api.Reply s = status.api().status("run-1");
        assertEquals("CANCELLED", s.text("status"));
        assertEquals(2, s.body().path("inProgressUrl").size());
        assertEquals(200, send("DELETE", "/prewarm", "{\"requestID\": \"run-1\"}").status(), "idempotent, the id in a body");
        List<JobStatusEvent> announced = read(Topics.CANCELS.name(), "run-1", 1).stream()
                .map(r -> Topics.CANCELS.valueSerde().deserializer().deserialize(r.topic(), r.value().getBytes())).toList();
        assertEquals(JobStatus.CANCELLED, announced.get(0).status());

        inputs.job(job("done-1", List.of("https://a.example/1")));
        inputs.results("done-1", POPS.stream().map(p -> result("done-1", "https://a.example/1", p, Outcome.SUCCESS)).toList());
        awaitStatus("done-1", "COMPLETED");
        Api.Reply refused = send("DELETE", "/prewarm?requestID=done-1", "");
        assertEquals(409, refused.status());
        assertEquals("requestID: job done-1 already ended COMPLETED; there is nothing to cancel", refused.text("message"));
        assertEquals(404, send("DELETE", "/prewarm?requestID=nobody", "").status());
    }

    @Test
    void aRetryIsANewJobOfExactlyTheFailedTasks() throws Exception {
        List<String> urls = List.of("https://a.example/1", "https://a.example/2", "https://a.example/3");
        inputs.job(job("orig-1", urls));
        assertEquals(409, send("POST", "/prewarm/retry?requestID=orig-1", "").status(), "not ended yet");
        inputs.results("orig-1", List.of(
                result("orig-1", urls.get(0), ATL, Outcome.FAILURE), result("orig-1", urls.get(0), DFW, Outcome.SUCCESS),
                result("orig-1", urls.get(1), ATL, Outcome.SUCCESS), result("orig-1", urls.get(1), DFW, Outcome.SUCCESS),
                result("orig-1", urls.get(2), ATL, Outcome.FAILURE), result("orig-1", urls.get(2), DFW, Outcome.FAILURE)));
        awaitStatus("orig-1", "FAILED");

        Api.Reply retry = send("POST", "/prewarm/retry?requestID=orig-1", "");
        assertEquals(200, retry.status(), retry.raw().body());
        String newId = retry.text("requestID");
        assertEquals("orig-1", retry.text("retryOf"));
        assertEquals(2, retry.body().path("urls").asInt());
        assertEquals(3, retry.body().path("tasks").asInt());

        Map<String, Set<String>> chunks = new HashMap<>();
        for (ConsumerRecord<String, String> r : read(Topics.REQUESTS.name(), newId, 2)) {
            PrewarmRequest c = Json.MAPPER.readValue(r.value(), PrewarmRequest.class);
            assertEquals("orig-1", c.retryOf());
            assertEquals(List.of(V), c.encodings());
            chunks.put(String.join(",", c.urlList()), Set.copyOf(c.pops()));
        }
        assertEquals(Map.of(urls.get(0), Set.of(ATL), urls.get(2), Set.of(ATL, DFW)), chunks);
        Api.Reply fresh = status.api().get("/status?detail=true&requestID=" + newId);
        assertEquals("IN_PROGRESS", fresh.text("status"), "known at once");
        assertEquals(2, fresh.body().path("total").asInt());
        assertEquals(3, fresh.body().path("detail").path("tasks").path("total").asInt());
        assertEquals("orig-1", fresh.body().path("detail").path("retryOf").asText());
    }

    @Test
    void jobsWithNothingToRetryAreRefusedNamingTheRequestId() throws Exception {
        inputs.job(job("all-good", List.of("https://a.example/1")));
        inputs.results("all-good", POPS.stream().map(p -> result("all-good", "https://a.example/1", p, Outcome.SUCCESS)).toList());
        inputs.job(new Job("old-one", List.of("https://a.example/1"), POPS, List.of(V), 0, Long.MAX_VALUE, null));
        inputs.results("old-one", POPS.stream().map(p -> result("old-one", "https://a.example/1", p, Outcome.FAILURE)).toList());
        awaitStatus("all-good", "COMPLETED");
        awaitStatus("old-one", "FAILED");

        for (String id : List.of("all-good", "old-one")) {
            Api.Reply r = send("POST", "/prewarm/retry?requestID=" + id, "");
            assertEquals(409, r.status(), r.raw().body());
            assertTrue(r.text("message").startsWith("requestID: job " + id + " "), r.text("message"));
        }
        assertEquals(404, send("POST", "/prewarm/retry", "{\"requestID\": \"nobody\"}").status());
    }

    /** The committed records keyed {@code key} on {@code topic}, once there are {@code n}. */
    private List<ConsumerRecord<String, String>> read(String topic, String key, int n) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("group.id", "test-" + System.nanoTime());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return found.size() >= n;
            });
        }
        return found.stream().collect(Collectors.toList());
    }
}
