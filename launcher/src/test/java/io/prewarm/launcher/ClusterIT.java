package io.prewarm.launcher;

import static io.prewarm.contract.Topics.STATUS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate Prewarm instances on their own ports against one broker: A runs every role, B runs
 * status and warmer, C only a warmer. A big request travels as chunk records and ends with exact
 * counts; any status instance answers for any job; B stopping mid-job loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String DIST = "d111111abcdef8";
    private static final String KEY = "key-two-" + java.util.UUID.randomUUID();

    @TempDir
    static Path dir;
    private static KafkaFixture kafka;
    private static EdgeSimulator edge;
    private static Prewarm a;
    private static Prewarm b;
    private static Prewarm c;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().bodyBytes(512).latency(Duration.ofMillis(2)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        a = Prewarm.start(env("a", "ingest,expander,warmer,status", hosts));
        b = Prewarm.start(env("b", "status,warmer", hosts));
        c = Prewarm.start(env("c", "warmer", hosts));
    }

    private static Map<String, String> env(String name, String roles, Path hosts) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("PREWARM_ROLES", roles);
        env.put("PREWARM_API_KEYS", "key-one, " + KEY);
        env.put("PREWARM_DATA_DIR", dir.resolve(name).toString());
        env.put("PREWARM_HTTP_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        return env;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Prewarm p : new Prewarm[] {c, b, a}) {
            if (p != null) {
                p.close();
            }
        }
        edge.close();
        kafka.close();
    }

    /** Every instance runs with API keys; the forwarded status calls must carry the caller's key. */
    private static Api api(Prewarm p) {
        return new Api(p.httpPort(), Map.of("x-api-key", KEY));
    }

    private static String submit(int urls, String prefix) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"http://www.example.com/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        Api.Reply r = api(a).submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}");
        assertEquals(200, r.status(), r.raw().body());
        return r.text("requestID");
    }

    private static JsonNode awaitFinal(Api api, String id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply r = api.get("/status?limit=1&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        return last[0];
    }

    @Test
    @Order(1)
    void aBigRequestTravelsInChunksAndEndsWithExactCountsReadablePageByPage() {
        String id = submit(20_000, "big");
        JsonNode status = awaitFinal(api(a), id);
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(20_000, status.path("total").asInt());
        assertEquals(20_000, status.path("completed").asInt());

        Api api = api(b);
        long started = System.nanoTime();
        Api.Reply whole = api.status(id);
        long wholeMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(200, whole.status());
        assertEquals(0, whole.body().path("inProgressUrl").size());
        System.out.printf("GET /status of a 20,000-URL job via a forwarding instance: %d ms%n", wholeMs);

        Set<String> paged = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Reply page = api.get("/status?requestID=" + id + "&limit=7000&detail=true" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page.raw().body());
            page.body().path("failedUrl").forEach(u -> paged.add(u.asText()));
            assertEquals(40_000, page.body().path("detail").path("tasks").path("succeeded").asInt());
            cursor = page.body().hasNonNull("nextCursor") ? page.body().get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertTrue(paged.isEmpty());
        assertTrue(edge.requests().stream().filter(r -> r.pathAndQuery().startsWith("/big/")).count() >= 40_000);
    }

    @Test
    @Order(2)
    void everyStatusInstanceAnswersAndAStoppingInstanceLosesNothing() {
        String id = submit(1_000, "mid");
        Api viaA = api(a);
        Api viaB = api(b);
        await().atMost(Duration.ofSeconds(60)).until(() -> viaA.status(id).status() == 200 && viaB.status(id).status() == 200);

        b.close();
        b = null;
        JsonNode status = awaitFinal(viaA, id);
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(1_000, status.path("completed").asInt());

        List<JobStatusEvent> events = new ArrayList<>();
        try (KafkaConsumer<String, JobStatusEvent> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "events-reader", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                STATUS.keySerde().deserializer(), STATUS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(STATUS.name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> events.add(r.value()));
                return events.stream().anyMatch(e -> e.requestID().equals(id));
            });
        }
        List<JobStatusEvent> mine = events.stream().filter(e -> e.requestID().equals(id)).toList();
        assertEquals(1, mine.size(), "one completion event: " + mine);
        assertEquals(JobStatus.COMPLETED, mine.get(0).status());
        assertEquals(1_000, mine.get(0).completed());
    }

    @Test
    @Order(3)
    void withApiKeysSetBothEndpointsRefuseCallersWithoutAValidKey() {
        String id = submit(1, "keyed");
        for (Api anonymous : List.of(new Api(a.httpPort()), new Api(a.httpPort(), Map.of("x-api-key", KEY + "x")))) {
            Api.Reply post = anonymous.submit("{\"url_list\": [\"http://www.example.com/k\"], \"target_type\": \"region\", \"region\": [\"au\"]}");
            assertEquals(403, post.status(), post.raw().body());
            assertTrue(post.text("message").startsWith("x-api-key"), post.raw().body());
            assertEquals(403, anonymous.status(id).status());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> api(a).status(id).status() == 200);
    }
}
