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

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "ingest-it", "auto.offset.reset", "earliest"), REQUESTS.keySerde().deserializer(), REQUESTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(REQUESTS.name()));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.stream().noneMatch(r -> id.equals(r.key())) && System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            ConsumerRecord<String, String> record = records.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
            JsonNode value = Json.MAPPER.readTree(record.value());
            assertEquals("[\"https://www.example.com/a\",\"https://www.example.com/b\"]", value.get("url_list").toString());
            assertEquals("d111111abcdef8.cloudfront.net", value.get("cf_domain").asText());
            assertEquals("http", value.get("protocol").asText());
        }
    }

    @Test
    void aMistakeIs400NamingTheField() {
        Api.Reply reply = api.submit(VALID.replace("\"japan\"", "\"atlantis\""));
        assertEquals(400, reply.status());
        assertTrue(reply.text("message").startsWith("region: "), reply.raw().body());
    }

    @Test
    void malformedJsonIs400() {
        Api.Reply reply = api.submit("{\"url_list\": [");
        assertEquals(400, reply.status());
        assertTrue(reply.text("message").startsWith("body: "), reply.raw().body());
    }

    @Test
    void tooManyUrlsIs413() {
        Api.Reply reply = api.submit(VALID.replace("\"https://www.example.com/b\"", "\"https://x.example/1\", \"https://x.example/2\", \"https://x.example/3\""));
        assertEquals(413, reply.status());
        assertTrue(reply.text("message").startsWith("url_list: "), reply.raw().body());
    }

    @Test
    void aBodyThatIsNotJsonByContentTypeIs415() {
        Api.Reply reply = api.post("/prewarm", "text/plain", VALID);
        assertEquals(415, reply.status());
        assertTrue(reply.text("message").contains("application/json"), reply.raw().body());
    }

    @Test
    void whenKafkaCannotTakeTheRequestTheAnswerIs503Quickly() {
        try (RequestPublisher nowhere = new RequestPublisher("127.0.0.1:1")) {
            Javalin down = ApiServer.create(List.of(new IngestRoutes(new RequestValidator(PopCatalog.load(Optional.empty()), 3), nowhere))).start(0);
            try {
                long started = System.nanoTime();
                Api.Reply reply = new Api(down.port()).submit(VALID);
                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                assertEquals(503, reply.status(), reply.raw().body());
                assertTrue(reply.raw().headers().firstValue("Retry-After").isPresent());
                assertTrue(seconds < 15, "answered in " + seconds + " s");
            } finally {
                down.stop();
            }
        }
    }
}
