package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.kafka.EmbeddedKafkaBroker;
import io.prewarm.kafka.Ports;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under a running system and comes back on the same address. Meanwhile
 * {@code POST /prewarm} answers 503 with Retry-After within seconds (no hang, no 500) and status
 * reads never answer 500; once the broker is back, everything recovers by itself: new requests
 * are accepted and warmed to the end without restarting anything.
 */
class BrokerOutageIT {
    private static final String DIST = "d111111abcdef8";

    @TempDir
    Path dir;

    private static String body(String prefix, int urls) {
        String list = IntStream.range(0, urls).mapToObj(i -> "\"http://www.example.com/" + prefix + "/" + i + "\"").collect(Collectors.joining(","));
        return "{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]}";
    }

    private static void awaitCompleted(Api api, String id, int urls) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Api.Reply r = api.status(id);
            return r.status() == 200 && r.text("status").equals("COMPLETED") && r.body().path("completed").asInt() == urls;
        });
    }

    private static long millisOf(Runnable r) {
        long started = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @Test
    void whileTheBrokerIsAwayPostsAnswer503QuicklyAndEverythingRecoversWhenItIsBack() {
        int kafkaPort = Ports.free();
        EdgeSimulator edge = EdgeSimulator.builder().start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of("ATL56-C1", "DFW55-C3"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort);
        try (edge; Prewarm prewarm = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "PREWARM_DATA_DIR", dir.resolve("data").toString(), "PREWARM_HTTP_PORT", "0", "PREWARM_TOPIC_PARTITIONS", "2",
                "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort())))) {
            Api api = new Api(prewarm.httpPort());
            Api.Reply first = api.submit(body("before", 5));
            assertEquals(200, first.status(), first.raw().body());
            awaitCompleted(api, first.text("requestID"), 5);

            broker.close();
            Api.Reply[] during = new Api.Reply[2];
            long singleMs = millisOf(() -> during[0] = api.submit(body("during", 5)));
            long chunkedMs = millisOf(() -> during[1] = api.submit(body("during-big", 6_000)));
            for (Api.Reply r : during) {
                assertEquals(503, r.status(), r.raw().body());
                assertTrue(r.raw().headers().firstValue("Retry-After").isPresent());
                assertTrue(r.text("message").contains("Kafka"), r.raw().body());
            }
            System.out.printf("broker down: POST answered 503 in %d ms (one record), %d ms (6,000 URLs, chunked)%n", singleMs, chunkedMs);
            assertTrue(singleMs < 8_000 && chunkedMs < 8_000, "no hang: " + singleMs + " / " + chunkedMs + " ms");
            int statusCode = api.status(first.text("requestID")).status();
            assertTrue(statusCode == 200 || statusCode == 503, "status during the outage: " + statusCode);

            broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort);
            Api.Reply[] after = new Api.Reply[1];
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> (after[0] = api.submit(body("after", 5))).status() == 200);
            awaitCompleted(api, after[0].text("requestID"), 5);
            Api.Reply big = api.submit(body("after-big", 6_000));
            assertEquals(200, big.status(), big.raw().body());
            awaitCompleted(api, big.text("requestID"), 6_000);
        } finally {
            broker.close();
        }
    }
}
