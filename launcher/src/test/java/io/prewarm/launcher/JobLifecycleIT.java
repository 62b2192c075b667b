package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.prewarm.contract.Json;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Topics;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 on the whole system and a real broker: a job is known on every status instance the moment
 * {@code POST /prewarm} answers; the first seed's body and GET-with-body work; a job can be cancelled
 * (the edge sees no new request of it about a second later) and its failed tasks retried as a new
 * job; a job's final status is POSTed, signed, to its callback_url and re-sent after a 5xx.
 * Process A runs every role, B a second status store, so "any instance" is tested through forwarding.
 */
class JobLifecycleIT {
    private static final String DIST = "d111111abcdef8";
    private static final String SECRET = "webhook-secret-" + java.util.UUID.randomUUID();
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Prewarm a;
    private static Prewarm b;
    private static Api viaA;
    private static Api viaB;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(256).latency(Duration.ofMillis(100)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        a = Prewarm.start(env("a", "ingest,expander,warmer,status", hosts));
        b = Prewarm.start(env("b", "status", hosts));
        viaA = new Api(a.httpPort());
        viaB = new Api(b.httpPort());
        // both status stores have joined their group and caught up (until then they answer 503, as they should). An
        // instance notices a new assignment at its first local query and then waits to have read its input to the end:
        // one unknown ID per partition, so each instance has answered for every partition it owns before a test asks
        List<String> unknown = onePerPartition("warm-up-", KafkaFixture.PARTITIONS);
        await().atMost(Duration.ofSeconds(120)).until(() -> unknown.stream().allMatch(id -> viaA.status(id).status() == 404 && viaB.status(id).status() == 404));
    }

    /** IDs {@code prefix0}, {@code prefix1}, ... until every one of the {@code partitions} has one, as the producer's default partitioner places them. */
    private static List<String> onePerPartition(String prefix, int partitions) {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < partitions; i++) {
            String id = prefix + i;
            byPartition.putIfAbsent(Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions, id);
        }
        return List.copyOf(byPartition.values());
    }

    private static Map<String, String> env(String name, String roles, Path hosts) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PREWARM_ROLES", roles);
        env.put("PREWARM_DATA_DIR", dir.resolve(name).toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_RETRY_BACKOFF_MS", "10");
        // verification off: this test counts warm requests, one per task (VerifyIT covers the second request)
        env.put("PREWARM_VERIFY", "false");
        env.put("PREWARM_WARMER_MAX_PER_POP", "32");
        env.put("PREWARM_WEBHOOK_SECRET", SECRET);
        env.put("PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8");
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Prewarm p : new Prewarm[] {b, a}) {
            if (p != null) {
                p.close();
            }
        }
        edge.close();
        kafka.close();
    }

    private static String body(String prefix, int urls, String extra) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"https://www.example.com/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        return "{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", "
                + "\"region\": [\"ATL56-C1\", \"DFW55-C3\"]" + extra + "}";
    }

    private static String submit(String body) {
        Api.Reply reply = viaA.submit(body);
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.text("requestID");
    }

    private static JsonNode awaitFinal(Api api, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        return last[0];
    }

    private static long requestsUnder(String prefix) {
        return edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/" + prefix + "/")).count();
    }

    @Test
    void aJobIsKnownOnEveryStatusInstanceTheMomentPostAnswers() {
        for (int urls : new int[] {1_000, 100_000}) {
            String id = submit(body("known" + urls, urls, ""));
            for (Api api : List.of(viaA, viaB)) {
                long started = System.nanoTime();
                Api.Reply first = api.status(id);
                long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
                System.out.printf("first GET /status after POST of %,d URLs via %s: %d in %d ms%n", urls, api == viaA ? "A" : "B (forwarding)",
                        first.status(), ms);
                assertEquals(200, first.status(), first.raw().body());
                assertEquals(urls, first.body().path("total").asInt(), "total is every distinct URL at once: " + first.body().path("total"));
            }
            // a cancel queued behind a big registration may take longer to apply than DELETE waits: 503, asked again as a client would
            Api.Reply[] cancelled = new Api.Reply[1];
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                cancelled[0] = delete(viaB, id);
                assertTrue(List.of(200, 409, 503).contains(cancelled[0].status()), cancelled[0].raw().body());
                return cancelled[0].status() != 503;
            });
        }
    }

    @Test
    void theFirstSeedsBodyAndItsStatusQueryWithABodyWork() throws Exception {
        String id = submit("{\"url_list\": [\"https://www.example.com/seed/index.html\", \"https://www.example.com/seed/images/demo.png\"], "
                + "\"cf_domain\": \"" + DIST + ".cloudfront.net\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}");
        HttpResponse<String> withBody = getWithBody(viaB, "/status", "{\"requestID\": \"" + id + "\"}");
        assertEquals(200, withBody.statusCode(), withBody.body());
        assertEquals(2, Json.MAPPER.readTree(withBody.body()).path("total").asInt());
        HttpResponse<String> bad = getWithBody(viaA, "/status", "{\"requestID\": ");
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(Json.MAPPER.readTree(bad.body()).path("message").asText().startsWith("requestID"), bad.body());
        assertEquals("COMPLETED", awaitFinal(viaA, id).path("status").asText());
    }

    @Test
    void aCancelledJobStopsAtTheEdgeWithinAboutASecondAndSaysCancelled() throws Exception {
        String id = submit(body("cancel", 3_000, ""));
        await().atMost(Duration.ofSeconds(60)).until(() -> requestsUnder("cancel") > 200);
        long asked = System.nanoTime();
        Api.Reply cancelled = delete(viaB, id);
        long answeredMs = Duration.ofNanos(System.nanoTime() - asked).toMillis();
        assertEquals(200, cancelled.status(), cancelled.raw().body());
        assertEquals("CANCELLED", cancelled.text("status"));

        // the edge's count of this job's requests stops growing: find when it last grew
        long[] last = {requestsUnder("cancel"), System.nanoTime()};
        AtomicInteger quiet = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            long now = requestsUnder("cancel");
            if (now != last[0]) {
                last[0] = now;
                last[1] = System.nanoTime();
                quiet.set(0);
            }
            return quiet.incrementAndGet() >= 40; // 2 s without a new request
        });
        long stoppedMs = Duration.ofNanos(last[1] - asked).toMillis();
        System.out.printf("cancel: DELETE answered in %d ms; the edge's last new request of the job %d ms after the DELETE; %d of 6,000 tasks sent%n",
                answeredMs, stoppedMs, last[0]);
        assertTrue(stoppedMs < 2_000, "the edge still saw new requests " + stoppedMs + " ms after the cancel");
        assertTrue(last[0] < 6_000);

        JsonNode status = awaitFinal(viaA, id);
        assertEquals("CANCELLED", status.path("status").asText());
        assertTrue(status.path("completed").asInt() < 3_000);
        assertFalse(status.path("inProgressUrl").isEmpty(), "the unwarmed URLs are listed");
        assertEquals(200, delete(viaA, id).status(), "cancelling again is fine");
        assertEquals(List.of("CANCELLED"), statusEvents(id), "announced once, as CANCELLED");

        String done = submit(body("cancel-done", 2, ""));
        assertEquals("COMPLETED", awaitFinal(viaA, done).path("status").asText());
        Api.Reply late = delete(viaA, done);
        assertEquals(409, late.status(), late.raw().body());
        assertTrue(late.text("message").startsWith("requestID"), late.raw().body());
        assertEquals(404, delete(viaA, "no-such-job-" + System.nanoTime()).status());
    }

    @Test
    void retryingAFailedJobWarmsExactlyItsFailedTasks() {
        edge.fault("/retry/3", "DFW55-C3", Fault.status(503));
        edge.fault("/retry/4", null, Fault.status(404));
        String id = submit(body("retry", 5, ""));
        JsonNode failed = awaitFinal(viaA, id);
        assertEquals("FAILED", failed.path("status").asText(), failed.toString());
        assertEquals(3, failed.path("detail").path("tasks").path("failed").asInt(), failed.toString());
        edge.clearFaults();
        long before = requestsUnder("retry");

        Api.Reply retry = viaB.post("/prewarm/retry?requestID=" + id, "application/json", "");
        assertEquals(200, retry.status(), retry.raw().body());
        assertEquals(3, retry.body().path("tasks").asInt(), retry.raw().body());
        assertEquals(2, retry.body().path("urls").asInt(), retry.raw().body());
        String again = retry.text("requestID");
        assertNotEquals(id, again);
        JsonNode done = awaitFinal(viaA, again);
        assertEquals("COMPLETED", done.path("status").asText(), done.toString());
        assertEquals(2, done.path("total").asInt());
        assertEquals(3, done.path("detail").path("tasks").path("total").asInt(), done.toString());
        assertEquals(id, done.path("detail").path("retryOf").asText(), done.toString());
        List<Request> sent = edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/retry/")).toList();
        assertEquals(before + 3, sent.size(), "the retry sent exactly the three failed tasks");

        String clean = submit(body("retry-clean", 1, ""));
        awaitFinal(viaA, clean);
        assertEquals(409, viaA.post("/prewarm/retry?requestID=" + clean, "application/json", "").status(), "nothing failed, nothing to retry");
    }

    @Test
    void aFinalStatusIsPostedSignedToTheCallbackAndResentAfterA5xx() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            Map<String, String> seen = new HashMap<>();
            seen.put("signature", exchange.getRequestHeaders().getFirst("X-Prewarm-Signature"));
            seen.put("delivery", exchange.getRequestHeaders().getFirst("X-Prewarm-Delivery"));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            received.add(seen);
            exchange.sendResponseHeaders(received.size() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
            Api.Reply refused = viaA.submit(body("hook-bad", 1, ", \"callback_url\": \"http://10.1.2.3/hook\""));
            assertEquals(400, refused.status(), refused.raw().body());
            assertTrue(refused.text("message").startsWith("callback_url"), refused.raw().body());

            String id = submit(body("hook", 3, ", \"callback_url\": \"" + url + "\""));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2);
            for (Map<String, String> r : received) {
                assertEquals("sha256=" + hmac(r.get("body")), r.get("signature"), "signed with the secret over the exact body");
                JsonNode event = Json.MAPPER.readTree(r.get("body"));
                assertEquals(id, event.path("requestID").asText());
                assertEquals("COMPLETED", event.path("status").asText());
            }
            assertEquals(received.get(0).get("delivery"), received.get(1).get("delivery"), "a re-sent delivery keeps its id");
            await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(viaB.get("/status?detail=true&requestID=" + id).body()
                    .path("detail").path("webhook").path("state").asText()));
            JsonNode webhook = viaB.get("/status?detail=true&requestID=" + id).body().path("detail").path("webhook");
            assertEquals(2, webhook.path("attempts").asInt(), webhook.toString());
        } finally {
            hook.stop(0);
        }
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Api.Reply delete(Api api, String id) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(api) + "/prewarm?requestID=" + id))
                    .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(r.statusCode(), r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body()), r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> getWithBody(Api api, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base(api) + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method("GET", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String base(Api api) {
        return "http://127.0.0.1:" + (api == viaA ? a.httpPort() : b.httpPort());
    }

    /** The statuses announced for {@code id} on prewarm.status, in order. */
    private static List<String> statusEvents(String id) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("group.id", "lifecycle-it-" + System.nanoTime());
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, JobStatusEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                Topics.STATUS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(Topics.STATUS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, JobStatusEvent> r : consumer.poll(Duration.ofMillis(200))) {
                    if (id.equals(r.key())) {
                        seen.add(r.value().status().name());
                    }
                }
                return !seen.isEmpty();
            });
        }
        return seen;
    }
}
