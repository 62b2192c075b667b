package io.prewarm.ingest;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.prewarm.contract.Job;
import io.prewarm.contract.Json;
import io.prewarm.contract.Topic;
import io.prewarm.contract.WebhookPolicy;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import io.prewarm.web.ApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ingest role as the launcher starts it ({@link IngestApp#start}) against a real broker: what an
 * accepted request leaves on {@code prewarm.requests} and, committed with it, on {@code prewarm.jobs}
 * (read as the status store reads them, read_committed), and the 503 when Kafka is away.
 */
class IngestRoutesIT {
    private static final String VALID = "{\"url_list\": [\"https://www.example.com/a\", \"https://www.example.com/a\", \"https://www.example.com/b\"], "
            + "\"cf_domain\": \"D111111ABCDEF8.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"japan\"]}";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(300);
    /** Callbacks to this machine are allowed, as an operator would with PREWARM_WEBHOOK_ALLOW. */
    private static final WebhookPolicy WEBHOOKS = new WebhookPolicy(Optional.of("s3cret"), List.of(WebhookPolicy.Cidr.parse("127.0.0.0/8")));
    private static KafkaFixture kafka;
    private static IngestApp ingest;
    private static Javalin http;
    private static Api api;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        ingest = IngestApp.start(config(kafka.bootstrapServers(), 100_000));
        http = ApiServer.create(List.of(ingest.routes())).start(0);
        api = new Api(http.port());
    }

    @AfterAll
    static void stop() throws Exception {
        http.stop();
        ingest.close();
        kafka.close();
    }

    private static IngestConfig config(String bootstrap, int maxUrls) {
        return new IngestConfig(bootstrap, Optional.empty(), maxUrls, WEBHOOKS, DEFAULT_TIMEOUT);
    }

    @Test
    void anAcceptedRequestIsOnTheRequestsTopicKeyedByItsRequestId() throws Exception {
        Api.Reply reply = api.submit(VALID);
        assertEquals(200, reply.status(), reply.raw().body());
        String id = reply.text("requestID");

        List<ConsumerRecord<String, String>> records = read(REQUESTS, id, 1);
        assertEquals(1, records.size());
        JsonNode value = Json.MAPPER.readTree(records.get(0).value());
        assertEquals("[\"https://www.example.com/a\",\"https://www.example.com/b\"]", value.get("url_list").toString());
        assertEquals("d111111abcdef8.cloudfront.net", value.get("cf_domain").asText());
        assertEquals("http", value.get("protocol").asText());
        assertTrue(!value.has("chunk_index"), "a small request is one record without chunk fields");
        assertEquals("[\"NRT57-P2\",\"NRT57-P3\"]", value.get("pops").toString(), "published with its resolved PoPs");
        assertEquals(List.of("japan"), Json.MAPPER.convertValue(value.get("region"), List.class), "and with the target as given");
    }

    @Test
    void anAcceptedRequestIsRegisteredOnTheJobsTopicWithItsUrlsPopsAndSettings() {
        long before = System.currentTimeMillis();
        Api.Reply reply = api.submit(VALID.replace("}", ", \"callback_url\": \"http://127.0.0.1:9/hook\", \"headers\": {\"X-Warm\": \"1\"}}"));
        long after = System.currentTimeMillis();
        assertEquals(200, reply.status(), reply.raw().body());
        String id = reply.text("requestID");

        List<ConsumerRecord<String, Job>> records = read(JOBS, id, 1);
        assertEquals(1, records.size(), "one registration for a one-chunk request");
        Job job = records.get(0).value();
        assertEquals(id, job.requestID());
        assertEquals(List.of("https://www.example.com/a", "https://www.example.com/b"), job.urls(), "the distinct URLs");
        assertEquals(List.of("NRT57-P2", "NRT57-P3"), job.pops(), "the resolved PoPs");
        assertEquals(0, job.chunkIndex());
        assertEquals(1, job.chunkCount());
        assertFalse(job.isRejected() || job.isCancel());
        assertTrue(job.createdAt() >= before && job.createdAt() <= after, "created at acceptance: " + job.createdAt());
        assertEquals(DEFAULT_TIMEOUT.toMillis(), job.deadline() - job.createdAt(), "the default deadline");
        assertEquals("http://127.0.0.1:9/hook", job.callbackUrl());
        assertEquals("d111111abcdef8.cloudfront.net", job.settings().cfDomain());
        assertEquals(Map.of("X-Warm", "1"), job.settings().headers());
        assertTrue(job.settings().urlList().isEmpty(), "the settings carry no URLs: " + job.settings().urlList());
    }

    @Test
    void aRequestWithoutCallbackOrTimeoutIsRegisteredWithNeitherAndItsOwnDeadline() {
        Api.Reply reply = api.submit(VALID.replace("}", ", \"timeout_minutes\": 60}"));
        assertEquals(200, reply.status(), reply.raw().body());
        Job job = read(JOBS, reply.text("requestID"), 1).get(0).value();
        assertNull(job.callbackUrl());
        assertEquals(Duration.ofMinutes(60).toMillis(), job.deadline() - job.createdAt());
    }

    @Test
    void aBigRequestIsPublishedAsChunksNoneOverOneMegabyteEachRegistered() throws Exception {
        String pad = "x".repeat(180);
        List<String> urls = IntStream.range(0, 20_000).mapToObj(i -> "https://www.example.com/" + pad + "/" + i).toList();
        String body = "{\"url_list\": " + Json.MAPPER.writeValueAsString(urls) + ", \"target_type\": \"region\", \"region\": \"all\"}";
        long started = System.nanoTime();
        Api.Reply reply = api.submit(body);
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(200, reply.status(), reply.raw().body());
        System.out.printf("POST /prewarm of 20,000 URLs (%d bytes) accepted in %d ms%n", body.length(), ms);
        String id = reply.text("requestID");

        int count = Json.MAPPER.readTree(read(REQUESTS, id, 1).get(0).value()).get("chunk_count").asInt();
        List<ConsumerRecord<String, String>> chunks = read(REQUESTS, id, count);
        assertEquals(count, chunks.size());
        assertTrue(count >= 5, "4 MB of URLs in at least 5 chunks: " + count);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            assertTrue(chunks.get(i).serializedValueSize() < 1_000_000, "chunk " + i + " is " + chunks.get(i).serializedValueSize() + " bytes");
            JsonNode value = Json.MAPPER.readTree(chunks.get(i).value());
            assertEquals(i, value.get("chunk_index").asInt());
            assertEquals(count, value.get("chunk_count").asInt());
            assertEquals("all", value.get("region").get(0).asText());
            value.get("url_list").forEach(u -> seen.add(u.asText()));
        }
        assertEquals(urls, seen);

        List<Job> registrations = read(JOBS, id, count).stream().map(ConsumerRecord::value)
                .sorted(Comparator.comparingInt(Job::chunkIndex)).toList();
        assertEquals(count, registrations.size(), "every chunk registered");
        assertEquals(IntStream.range(0, count).boxed().toList(), registrations.stream().map(Job::chunkIndex).toList());
        assertTrue(registrations.stream().allMatch(j -> j.chunkCount() == count), "each registration says how many chunks");
        assertEquals(urls, registrations.stream().flatMap(j -> j.urls().stream()).toList(), "the registrations hold all the URLs");
        assertTrue(registrations.stream().allMatch(j -> j.pops().size() == registrations.get(0).pops().size() && !j.pops().isEmpty()));
    }

    /** The records under {@code id} on {@code topic}, waiting (bounded) until {@code expected} are there; committed ones only. */
    private static <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, String id, int expected) {
        Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", "ingest-it-" + topic.name() + "-" + id,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false", "isolation.level", "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (id.equals(r.key())) {
                        records.add(r);
                    }
                });
            }
            return records;
        }
    }

    private record Timed(Api.Reply reply, Duration took) {
    }

    /** Submits {@code body} to a fresh ingest role whose Kafka is nowhere; how long the answer took. */
    private static Timed submitWithoutKafka(int maxUrls, String body) {
        try (IngestApp nowhere = IngestApp.start(config("127.0.0.1:1", maxUrls))) {
            Javalin server = ApiServer.create(List.of(nowhere.routes())).start(0);
            try {
                long started = System.nanoTime();
                Api.Reply reply = new Api(server.port()).submit(body);
                return new Timed(reply, Duration.ofNanos(System.nanoTime() - started));
            } finally {
                server.stop();
            }
        }
    }

    @Test
    void whenKafkaCannotTakeAChunkedRequestTheAnswerIs503() throws Exception {
        List<String> urls = IntStream.range(0, 6_000).mapToObj(i -> "https://www.example.com/" + i).toList();
        Timed answer = submitWithoutKafka(100_000, "{\"url_list\": " + Json.MAPPER.writeValueAsString(urls)
                + ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}");
        assertEquals(503, answer.reply().status(), answer.reply().raw().body());
        assertTrue(answer.took().toSeconds() < 15, "answered in " + answer.took());
    }

    @Test
    void whenKafkaCannotTakeTheRequestTheAnswerIs503Quickly() {
        Timed answer = submitWithoutKafka(3, VALID);
        assertEquals(503, answer.reply().status(), answer.reply().raw().body());
        assertTrue(answer.reply().raw().headers().firstValue("Retry-After").isPresent());
        assertTrue(answer.took().toSeconds() < 15, "answered in " + answer.took());
    }
}
