package io.prewarm.launcher;

import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records written straight to {@code prewarm.requests} on a real broker (not JSON, wrong
 * schema, invalid values, bytes that are not UTF-8, a record near the broker's size limit, too many
 * URLs, no key, an unusable key) with a valid one behind them: the streams keep running, each bad
 * record lands on the dead-letter topic with its reason and source offset, a bad record with a
 * usable key makes that requestID's status FAILED with the reason, and the valid job completes.
 */
class DirectProducerIT {
    private static final String DIST = "d111111abcdef8";
    private static final String VALID = "{\"url_list\": [\"http://www.example.com/direct/1\"], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
            + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}";

    @TempDir
    Path dir;

    private record Bad(String key, byte[] value, String reasonStartsWith) {
        Bad(String key, String value, String reasonStartsWith) {
            this(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8), reasonStartsWith);
        }
    }

    private static List<Bad> badRecords() {
        String manyUrls = IntStream.range(0, 30_000).mapToObj(i -> "\"http://e.com/" + i + "\"").collect(Collectors.joining(","));
        return List.of(
                new Bad("bad-json", "this is not JSON {", "body"),
                new Bad("bad-schema", "{\"urls\": [\"http://www.example.com/a\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}", "urls"),
                new Bad("bad-values", VALID.replace("ATL56-C1", "atlantis"), "region"),
                new Bad("bad-url", VALID.replace("http://www.example.com/direct/1", "ftp://user@example.com/x"), "url_list[0]"),
                new Bad("not-utf8", new byte[] {'{', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '}'}, "body"),
                new Bad("huge-garbage", "x".repeat(900_000), "body"),
                new Bad("huge-url-list", "{\"url_list\": [" + manyUrls + "], \"target_type\": \"region\", \"region\": \"all\"}", "url_list"),
                new Bad("no-value", (String) null, "body"),
                new Bad(null, VALID, "record key"),
                new Bad("a key with spaces!", VALID, "record key"));
    }

    @Test
    void badRecordsAreDeadLetteredWithReasonsAndFailTheirJobWhileTheValidRecordBehindThemCompletes() throws Exception {
        try (KafkaFixture kafka = KafkaFixture.start(); EdgeSimulator edge = EdgeSimulator.builder().start()) {
            Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1"));
            try (Prewarm prewarm = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_DATA_DIR", dir.resolve("data").toString(),
                    "PREWARM_HTTP_PORT", "0", "PREWARM_MAX_URLS", "20000", "PREWARM_HOSTS_FILE", hosts.toString(),
                    "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())))) {
                Map<String, String> sourceOf = new LinkedHashMap<>();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                        "max.request.size", 1_048_000), new StringSerializer(), new ByteArraySerializer())) {
                    for (Bad bad : badRecords()) {
                        RecordMetadata m = producer.send(new ProducerRecord<>(REQUESTS.name(), bad.key(), bad.value())).get();
                        sourceOf.put(String.valueOf(bad.key()), m.topic() + "-" + m.partition() + "@" + m.offset());
                    }
                    producer.send(new ProducerRecord<>(REQUESTS.name(), "good-1", VALID.getBytes(StandardCharsets.UTF_8))).get();
                }

                Api api = new Api(prewarm.httpPort());
                await().atMost(Duration.ofMinutes(2)).until(() -> api.status("good-1").status() == 200 && api.status("good-1").text("status").equals("COMPLETED"));

                Map<String, ConsumerRecord<String, byte[]>> dead = readDeadLetters(kafka.bootstrapServers(), badRecords().size());
                for (Bad bad : badRecords()) {
                    ConsumerRecord<String, byte[]> r = dead.get(String.valueOf(bad.key()));
                    assertTrue(r != null, "dead-lettered: " + bad.key() + " in " + dead.keySet());
                    String reason = header(r, "prewarm.error");
                    assertTrue(reason.startsWith(bad.reasonStartsWith()), bad.key() + ": " + reason);
                    assertEquals(sourceOf.get(String.valueOf(bad.key())), header(r, "prewarm.source"));
                    if (bad.key() != null && !bad.reasonStartsWith().equals("record key")) {
                        Api.Reply status = api.status(bad.key());
                        assertEquals(200, status.status(), status.raw().body());
                        assertEquals("FAILED", status.text("status"));
                        assertEquals(reason, status.text("error"));
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, ConsumerRecord<String, byte[]>> readDeadLetters(String bootstrap, int expected) {
        Map<String, ConsumerRecord<String, byte[]>> byKey = new LinkedHashMap<>();
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "dlq-reader",
                "auto.offset.reset", "earliest", "isolation.level", "read_committed", "max.partition.fetch.bytes", 2_000_000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(REQUESTS_DLQ.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return all.size() >= expected;
            });
        }
        all.forEach(r -> byKey.put(String.valueOf(r.key()), r));
        return byKey;
    }
}
