package io.prewarm.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobPublisher;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import io.prewarm.status.StatusInstances.Instance;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes on a real broker: a job record a direct producer had acknowledged is found by a
 * query made right after, never 404; an unknown requestID is 404 once everything written before
 * was read, and 503 with Retry-After while something written before is not read yet.
 */
class ReadYourWritesIT {
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private StatusInstances instances;
    private StatusInputs inputs;

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        instances = new StatusInstances(dir, kafka.bootstrapServers());
        inputs = new StatusInputs(kafka.bootstrapServers());
    }

    @AfterEach
    void tearDown() throws Exception {
        inputs.close();
        instances.close();
        kafka.close();
    }

    /** An instance that answers (its store running and caught up), with a short read wait so a 503 comes soon. */
    private Instance ready() {
        return ready("3000");
    }

    private Instance ready(String readWaitMs) {
        Instance a = instances.start("a", Map.of("PREWARM_STATUS_READ_WAIT_MS", readWaitMs));
        await().atMost(Duration.ofSeconds(120)).until(() -> StatusInstances.oneIdPerPartition().stream()
                .allMatch(id -> a.api().status("never-" + id).status() == 404));
        return a;
    }

    @Test
    void aJobAcknowledgedOnTheJobsTopicIsFoundByTheNextQueryAndAnUnknownOneIs404() {
        Instance a = ready();

        for (int i = 0; i < 20; i++) {
            String id = "direct-" + i;
            inputs.job(new Job(id, List.of("https://a.example/" + i), POPS, null, System.currentTimeMillis(), Long.MAX_VALUE, null));
            Api.Reply reply = a.api().status(id);
            assertEquals(200, reply.status(), reply.raw().body());
            assertEquals("IN_PROGRESS", reply.text("status"));
            assertEquals(1, reply.body().path("total").asInt());
        }
        Api.Reply unknown = a.api().status("nobody-wrote-this");
        assertEquals(404, unknown.status());
        assertEquals("requestID: no prewarm request nobody-wrote-this is known", unknown.text("message"));
    }

    @Test
    void aJobPublishedAsIngestDoesIsFoundRightAfterItsTransactionCommitted() throws Exception {
        Instance a = ready();
        PrewarmRequest request = new PrewarmRequest(List.of("https://a.example/1", "https://a.example/2"), null, "https", "pop", POPS, null,
                null, null, null, null, POPS);

        try (JobPublisher publisher = new JobPublisher(kafka.bootstrapServers(), Duration.ofMinutes(5), Clock.systemUTC())) {
            for (int i = 0; i < 10; i++) {
                String id = "published-" + i;
                // the commit returns before the broker wrote its markers: the query must still find the job
                publisher.publish(id, List.of(request)).get(30, TimeUnit.SECONDS);
                Api.Reply reply = a.api().status(id);
                assertEquals(200, reply.status(), reply.raw().body());
                assertEquals(2, reply.body().path("total").asInt());
            }
        }
    }

    @Test
    void aBigChunkedJobIsKnownWithItsWholeTotalRightAfterItsCommit() throws Exception {
        Instance a = ready("10000");
        List<String> urls = IntStream.range(0, 100_000).mapToObj(i -> "https://a.example/big/" + i).toList();
        PrewarmRequest request = new PrewarmRequest(urls, null, "https", "pop", POPS, null, null, null, null, null, POPS);

        try (JobPublisher publisher = new JobPublisher(kafka.bootstrapServers(), Duration.ofMinutes(5), Clock.systemUTC())) {
            publisher.publish("big", RequestChunker.split(request)).get(60, TimeUnit.SECONDS);
            long started = System.nanoTime();
            Api.Reply reply = a.api().status("big");
            System.out.printf("first GET of a 100,000-URL job (20 chunks) right after its commit: %d in %d ms%n", reply.status(),
                    (System.nanoTime() - started) / 1_000_000);
            assertEquals(200, reply.status(), reply.raw().body());
            assertEquals(100_000, reply.body().path("total").asInt());
        }
    }

    @Test
    void theFirstSeedsJsonBodyNamesTheJobToo() throws Exception {
        Instance a = ready();
        inputs.job(new Job("in-body", List.of("https://a.example/1"), POPS, null, System.currentTimeMillis(), Long.MAX_VALUE, null));

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.http().port() + "/status"))
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"requestID\": \"in-body\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"status\":\"IN_PROGRESS\""), r.body());
    }

    @Test
    void aRequestTheExpanderHasNotReadMakesAnUnknownIdA503NotA404() {
        Instance a = ready();
        // no expander runs here: this request stays unread, and it could be the job asked for
        inputs.request("waiting-for-expander", "{\"url_list\": [\"https://a.example/1\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}");

        Api.Reply reply = a.api().status("waiting-for-expander");
        assertEquals(503, reply.status(), reply.raw().body());
        assertEquals(Optional.of("1"), reply.raw().headers().firstValue("Retry-After"));
        assertTrue(reply.text("message").contains("expander"), reply.text("message"));
    }
}
