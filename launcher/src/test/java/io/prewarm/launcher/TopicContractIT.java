package io.prewarm.launcher;

import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.STATUS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prewarm.contract.Json;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AsyncAPI document's schemas describe what the running system really writes: the records the
 * REST API publishes on {@code prewarm.requests} (one record, and a request big enough to be
 * chunked), the completion events on {@code prewarm.status} (for a warmed job and for a rejected
 * direct record), and the dead letter of that rejected record with its headers. Each record is read
 * from the broker with read_committed, as the document tells consumers to, and validated.
 */
class TopicContractIT {
    private static final String DIST = "d111111abcdef8";
    private static final String BAD_KEY = "asyncapi-bad-1";
    private static final String BAD_VALUE = "{\"url_list\": [\"http://www.example.com/x\"], \"target_type\": \"pop\", \"region\": [\"atlantis\"]}";

    @TempDir
    Path dir;

    private static String body(String prefix, int urls) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"http://www.example.com/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        return "{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST.toUpperCase() + ".cloudfront.net\", \"target_type\": \"pop\", "
                + "\"region\": \"ATL56-C1\", \"headers\": {\"User-Agent\": \"topic-contract\"}}";
    }

    @Test
    void recordsOnThePublicTopicsMatchTheAsyncApiSchemas() throws Exception {
        AsyncApiContract contract = new AsyncApiContract();
        try (KafkaFixture kafka = KafkaFixture.start(); EdgeSimulator edge = EdgeSimulator.builder().bodyBytes(256).start()) {
            Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1"));
            try (Prewarm prewarm = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                    "PREWARM_HTTP_PORT", "0", "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())))) {
                Api api = new Api(prewarm.httpPort());
                String single = accepted(api.submit(body("one", 3)));
                String chunked = accepted(api.submit(body("many", 6_000)));
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>(REQUESTS.name(), BAD_KEY, BAD_VALUE)).get();
                }

                List<ConsumerRecord<String, byte[]>> requests = read(kafka, REQUESTS.name(),
                        all -> count(all, single) == 1 && count(all, chunked) == 2);
                String payload = contract.payloadOf(REQUESTS.name());
                for (ConsumerRecord<String, byte[]> r : requests) {
                    if (r.key().equals(single) || r.key().equals(chunked)) {
                        assertValid(contract, payload, text(r.value()));
                        assertValid(contract, "/components/schemas/RequestID", Json.MAPPER.writeValueAsString(r.key()));
                    }
                }
                JsonNode one = value(requests, single).get(0);
                assertFalse(one.has("chunk_index"), one.toString());
                assertEquals(List.of(0, 1), value(requests, chunked).stream().map(v -> v.path("chunk_index").asInt()).sorted().toList());
                assertTrue(value(requests, chunked).stream().allMatch(v -> v.path("chunk_count").asInt() == 2));

                List<ConsumerRecord<String, byte[]>> events = read(kafka, STATUS.name(), all -> count(all, single) == 1 && count(all, BAD_KEY) == 1);
                for (String key : List.of(single, BAD_KEY)) {
                    JsonNode event = value(events, key).get(0);
                    assertValid(contract, contract.payloadOf(STATUS.name()), event.toString());
                    assertEquals(key.equals(single) ? "COMPLETED" : "FAILED", event.path("status").asText(), event.toString());
                }
                assertTrue(value(events, BAD_KEY).get(0).path("error").asText().startsWith("region"));

                ConsumerRecord<String, byte[]> dead = read(kafka, REQUESTS_DLQ.name(), all -> count(all, BAD_KEY) == 1).stream()
                        .filter(r -> BAD_KEY.equals(r.key())).findFirst().orElseThrow();
                assertEquals(BAD_VALUE, text(dead.value()));
                assertValid(contract, contract.payloadOf(REQUESTS_DLQ.name()), Json.MAPPER.writeValueAsString(text(dead.value())));
                ObjectNode headers = Json.MAPPER.createObjectNode();
                for (Header h : dead.headers()) {
                    headers.put(h.key(), text(h.value()));
                }
                assertValid(contract, contract.headersOf(REQUESTS_DLQ.name()), headers.toString());
            }
        }
    }

    private static String accepted(Api.Reply reply) {
        assertEquals(200, reply.status(), reply.raw().body());
        return reply.text("requestID");
    }

    private static void assertValid(AsyncApiContract contract, String pointer, String json) {
        List<String> problems = contract.problems(pointer, json);
        assertTrue(problems.isEmpty(), pointer + ": " + problems + " in " + (json.length() > 500 ? json.substring(0, 500) + "..." : json));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long count(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).count();
    }

    private static List<JsonNode> value(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).map(r -> {
            try {
                return Json.MAPPER.readTree(r.value());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    /** Every committed record of {@code topic} from the beginning, polled until {@code done} holds for them (bounded). */
    private static List<ConsumerRecord<String, byte[]>> read(KafkaFixture kafka, String topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "contract-" + topic, "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return done.test(all);
            });
        }
        return all;
    }
}
