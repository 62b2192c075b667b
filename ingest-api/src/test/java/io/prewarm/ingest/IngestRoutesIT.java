package io.prewarm.ingest;

import static io.prewarm.contract.Topics.REQUESTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import io.prewarm.web.ApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IngestRoutesIT {
    private static final String VALID = "{\"url_list\": [\"https://www.example.com/a\", \"https://www.example.com/a\", \"https://www.example.com/b\"], "
            + "\"cf_domain\": \"D111111ABCDEF8.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"japan\"]}";
    private static KafkaFixture kafka;
    private static RequestPublisher publisher;
    private static Javalin http;
    private static Api api;

    @BeforeAll
    static void start() {
        kafka = KafkaFixture.start();
        publisher = new RequestPublisher(kafka.bootstrapServers());
        http = ApiServer.create(List.of(new IngestRoutes(new RequestValidator(PopCatalog.load(Optional.empty()), 3), publisher))).start(0);
        api = new Api(http.port());
    }

    @AfterAll
    static void stop() throws Exception {
        http.stop();
        publisher.close();
        kafka.close();
    }

    @Test
    void anAcceptedRequestIsOnTheRequestsTopicKeyedByItsRequestId() throws Exception {
        Api.Reply reply = api.submit(VALID);
        assertEquals(200, reply.status(), reply.raw().body());
        String id = reply.text("requestID");

        List<ConsumerRecord<String, String>> records = readRequests(id, 1);
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
    void aBigRequestIsPublishedAsChunksNoneOverOneMegabyte() throws Exception {
        RequestPublisher big = new RequestPublisher(kafka.bootstrapServers());
        Javalin server = ApiServer.create(List.of(new IngestRoutes(new RequestValidator(PopCatalog.load(Optional.empty()), 100_000), big))).start(0);
        try {
            String pad = "x".repeat(180);
            List<String> urls = java.util.stream.IntStream.range(0, 20_000).mapToObj(i -> "https://www.example.com/" + pad + "/" + i).toList();
            String body = "{\"url_list\": " + Json.MAPPER.writeValueAsString(urls) + ", \"target_type\": \"region\", \"region\": \"all\"}";
            long started = System.nanoTime();
            Api.Reply reply = new Api(server.port()).submit(body);
            long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertEquals(200, reply.status(), reply.raw().body());
            System.out.printf("POST /prewarm of 20,000 URLs (%d bytes) accepted in %d ms%n", body.length(), ms);
            String id = reply.text("requestID");

            int count = Json.MAPPER.readTree(readRequests(id, 1).get(0).value()).get("chunk_count").asInt();
            List<ConsumerRecord<String, String>> chunks = readRequests(id, count);
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
        } finally {
            server.stop();
            big.close();
        }
    }

    private static List<ConsumerRecord<String, String>> readRequests(String id, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "ingest-it-" + id, "auto.offset.reset", "earliest", "enable.auto.commit", "false"), REQUESTS.keySerde().deserializer(), REQUESTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(REQUESTS.name()));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
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

    /** Submits {@code body} to a fresh ingest endpoint publishing through {@code publisher}. */
    private static Api.Reply submitThrough(RequestPublisher publisher, int maxUrls, String body) {
        Javalin server = ApiServer.create(List.of(new IngestRoutes(new RequestValidator(PopCatalog.load(Optional.empty()), maxUrls), publisher))).start(0);
        try {
            return new Api(server.port()).submit(body);
        } finally {
            server.stop();
        }
    }

    @Test
    void whenKafkaCannotTakeAChunkedRequestTheAnswerIs503() throws Exception {
        List<String> urls = java.util.stream.IntStream.range(0, 6_000).mapToObj(i -> "https://www.example.com/" + i).toList();
        try (RequestPublisher nowhere = new RequestPublisher("127.0.0.1:1")) {
            Api.Reply reply = submitThrough(nowhere, 100_000, "{\"url_list\": " + Json.MAPPER.writeValueAsString(urls)
                    + ", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}");
            assertEquals(503, reply.status(), reply.raw().body());
        }
    }

    @Test
    void whenKafkaCannotTakeTheRequestTheAnswerIs503Quickly() {
        try (RequestPublisher nowhere = new RequestPublisher("127.0.0.1:1")) {
            long started = System.nanoTime();
            Api.Reply reply = submitThrough(nowhere, 3, VALID);
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertEquals(503, reply.status(), reply.raw().body());
            assertTrue(reply.raw().headers().firstValue("Retry-After").isPresent());
            assertTrue(seconds < 15, "answered in " + seconds + " s");
        }
    }
}
