package io.prewarm.launcher;

import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.RESULTS;
import static io.prewarm.contract.Topics.TASKS;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.WarmResult;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import io.prewarm.testing.DnsStub;
import io.prewarm.testing.KafkaFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests against the whole system, and a check of the connections actually made. Bait
 * servers listen where a confused warmer would go (the URL hosts' own addresses and ports, a name
 * the resolver maps to loopback); the edge simulator records which PoP address each request came
 * in on and every header; the DNS stub records every question. After REST requests, direct
 * records and direct tasks full of other hosts, IP literals, ports, user info, CR/LF and odd PoP
 * and dist strings: the bait saw nothing, every request landed on a PoP of its job, only
 * {@code <dist>.<POP>.cloudfront.net} names were resolved to addresses, and no header was injected.
 */
class NoSsrfIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final Pattern POP_NAME = Pattern.compile("[a-z0-9-]+\\.[A-Z]{3}[0-9]{1,3}-[A-Z][0-9]{1,2}\\.cloudfront\\.net", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dir;

    /** Accepts and counts connections; any connection at all is a failure of the test. */
    private static final class Bait implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        Bait() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "bait");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String body(String urls, String extra) {
        return "{\"url_list\": [" + urls + "], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"]" + extra + "}";
    }

    @Test
    void noFieldOfARequestMakesTheWarmerDialAnythingButThePopsOrInjectAHeader() throws Exception {
        try (KafkaFixture kafka = KafkaFixture.start(); EdgeSimulator edge = EdgeSimulator.builder().start(); Bait bait = new Bait();
             DnsStub dns = DnsStub.start()) {
            for (String pop : POPS) {
                dns.a(DIST + "." + pop + ".cloudfront.net", edge.addressOf(pop).getHostAddress());
            }
            dns.a("internal.corp", "127.0.0.1").cname("tricky.example.com", "127.0.0.1.cloudfront.net").cname("cdn.example.com", DIST + ".cloudfront.net");
            int b = bait.port();
            try (Prewarm prewarm = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_DATA_DIR", dir.toString(),
                    "PREWARM_HTTP_PORT", "0", "PREWARM_DNS_SERVER", dns.hostPort(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                    "PREWARM_EDGE_HTTPS_PORT", String.valueOf(b), "PREWARM_WARM_ATTEMPTS", "1"))) {
                Api api = new Api(prewarm.httpPort());
                String otherHosts = "\"http://127.0.0.1:" + b + "/a\", \"http://localhost:" + b + "/b\", \"http://169.254.169.254/latest/meta-data/\", "
                        + "\"http://[::1]:" + b + "/c\", \"http://internal.corp:" + b + "/d?x=1\", \"http://2130706433:" + b + "/e\"";
                String cf = ", \"cf_domain\": \"" + DIST + ".cloudfront.net\"";
                List<String> accepted = new ArrayList<>();
                for (String ok : List.of(body(otherHosts, cf), body(otherHosts, ""), body("\"http://tricky.example.com/t\", \"http://cdn.example.com/legit\"", ""),
                        body("\"http://www.example.com/h\"", cf + ", \"headers\": {\"X-Ok\": \"1\"}"))) {
                    Api.Reply r = api.submit(ok);
                    assertEquals(200, r.status(), r.raw().body());
                    accepted.add(r.text("requestID"));
                }
                List<String> refused = List.of(
                        body("\"http://user:pw@127.0.0.1:" + b + "/x\"", cf),
                        body("\"file:///etc/passwd\"", cf),
                        body("\"gopher://127.0.0.1:" + b + "/x\"", cf),
                        body("\"http://www.example.com/x\"", ", \"cf_domain\": \"127.0.0.1\""),
                        body("\"http://www.example.com/x\"", ", \"cf_domain\": \"internal.corp\""),
                        body("\"http://www.example.com/x\"", ", \"cf_domain\": \"d1.cloudfront.net.internal.corp\""),
                        body("\"http://www.example.com/x\"", ", \"cf_domain\": \"d1.cloudfront.net:" + b + "\""),
                        body("\"http://www.example.com/x\"", cf + ", \"headers\": {\"X-A\": \"1\\r\\nX-Injected: 1\"}"),
                        body("\"http://www.example.com/x\"", cf + ", \"headers\": {\"Host\": \"internal.corp\"}"),
                        body("\"http://www.example.com/x\"", cf + ", \"encodings\": [\"gzip\\r\\nX-Injected: 1\"]"),
                        body("\"http://www.example.com/x\"", cf + ", \"protocol\": \"ftp\""),
                        body("\"http://www.example.com/x\\r\\nX-Injected: 1\"", cf),
                        "{\"url_list\": [\"http://www.example.com/x\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1.internal.corp\"]" + cf + "}",
                        "{\"url_list\": [\"http://www.example.com/x\"], \"target_type\": \"pop\", \"region\": [\"127.0.0.1\"]" + cf + "}");
                for (String bad : refused) {
                    Api.Reply r = api.submit(bad);
                    assertEquals(400, r.status(), bad + " -> " + r.raw().body());
                }
                produceHostileRecordsAndTasks(kafka.bootstrapServers(), refused, b);

                for (String id : accepted) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> api.status(id).status() == 200 && !api.status(id).text("status").equals("IN_PROGRESS"));
                }
                List<WarmResult> hostileTaskResults = results(kafka.bootstrapServers(), "hostile-tasks", 6);
                assertTrue(hostileTaskResults.stream().allMatch(r -> r.outcome() == Outcome.FAILURE && r.error().startsWith("task refused")), hostileTaskResults.toString());
            }

            assertEquals(0, bait.connections.get(), "connections to the bait");
            List<Request> seen = edge.requests();
            assertTrue(seen.size() >= 6 * 2 + 2, "the accepted jobs with cf_domain were warmed at their PoPs: " + seen.size());
            Set<String> allowedHeaders = Set.of("host", "accept-encoding", "user-agent", "connection", "x-ok");
            for (Request r : seen) {
                assertTrue(POPS.contains(r.pop()), "a request arrived outside the job's PoPs: " + r);
                assertTrue(allowedHeaders.containsAll(r.headers().keySet()), "unexpected header in " + r);
            }
            for (String q : dns.queries()) {
                String[] typeAndName = q.split(" ", 2);
                if (!typeAndName[0].equals("CNAME")) {
                    assertTrue(POP_NAME.matcher(typeAndName[1]).matches(), "resolved a name that is not a PoP name: " + q);
                }
            }
        }
    }

    private static void produceHostileRecordsAndTasks(String bootstrap, List<String> refusedBodies, int baitPort) throws Exception {
        try (KafkaProducer<String, String> records = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer());
             KafkaProducer<String, TaskBatch> tasks = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap), TASKS.keySerde().serializer(), TASKS.valueSerde().serializer())) {
            int i = 0;
            for (String body : refusedBodies) {
                records.send(new ProducerRecord<>(REQUESTS.name(), "hostile-" + i++, body)).get();
            }
            long deadline = System.currentTimeMillis() + 600_000;
            List<Task> hostile = List.of(
                    new Task("hostile-tasks", "http://www.example.com/t1", "ATL56-C1.internal.corp", DIST, "http", "", deadline),
                    new Task("hostile-tasks", "http://www.example.com/t2", "ATL56-C1", "127.0.0.1", "http", "", deadline),
                    new Task("hostile-tasks", "http://user:pw@127.0.0.1:" + baitPort + "/t3", "ATL56-C1", DIST, "http", "", deadline),
                    new Task("hostile-tasks", "http://www.example.com/t4", "ATL56-C1", DIST, "http", "gzip\r\nX-Injected: 1", deadline),
                    new Task("hostile-tasks", "http://www.example.com/t5", "ATL56-C1", DIST, "http", "", Map.of("X-A", "1\r\nX-Injected: 1"), deadline),
                    new Task("hostile-tasks", "http://www.example.com/t6", "ATL56-C1", DIST, "http", "", Map.of("Host", "internal.corp"), deadline));
            for (Task t : hostile) {
                TaskBatch one = TaskBatch.of(t);
                tasks.send(new ProducerRecord<>(TASKS.name(), one.recordKey(), one)).get();
            }
        }
    }

    private static List<WarmResult> results(String bootstrap, String requestID, int expected) {
        List<WarmResult> mine = new ArrayList<>();
        try (KafkaConsumer<String, ResultBatch> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id", "ssrf-results",
                "auto.offset.reset", "earliest"), RESULTS.keySerde().deserializer(), RESULTS.valueSerde().deserializer())) {
            consumer.subscribe(List.of(RESULTS.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() != null && requestID.equals(r.value().requestID())) {
                        mine.addAll(r.value().results());
                    }
                });
                return mine.size() >= expected;
            });
        }
        return mine;
    }
}
