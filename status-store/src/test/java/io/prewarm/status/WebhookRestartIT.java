package io.prewarm.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.prewarm.contract.Job;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.StatusInstances.Instance;
import io.prewarm.testing.KafkaFixture;
import io.prewarm.webhooks.Signature;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook delivery is a durable record, not a thread's memory: the status instance that made the
 * first attempt (answered 500) is stopped, another one with an empty state directory takes the job
 * over from the changelog on a real broker, and it is the one that delivers, under the same
 * delivery id and signed with the same secret.
 */
class WebhookRestartIT {
    private static final String SECRET = "restart-secret";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final Map<String, String> ENV = Map.of("PREWARM_WEBHOOK_SECRET", SECRET, "PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8");

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private StatusInstances instances;
    private StatusInputs inputs;
    private HttpServer hook;
    private final List<String[]> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        kafka = KafkaFixture.start();
        instances = new StatusInstances(dir, kafka.bootstrapServers());
        inputs = new StatusInputs(kafka.bootstrapServers());
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestHeaders().getFirst("X-Prewarm-Delivery"),
                exchange.getRequestHeaders().getFirst("X-Prewarm-Signature"), body});
            exchange.sendResponseHeaders(received.size() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        hook.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        hook.stop(0);
        inputs.close();
        instances.close();
        kafka.close();
    }

    private static JsonNode webhook(Instance instance, String id) {
        return instance.api().get("/status?detail=true&requestID=" + id).body().path("detail").path("webhook");
    }

    @Test
    void aDeliveryStartedByOneInstanceIsFinishedByTheNextUnderTheSameId() {
        String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
        PrewarmRequest settings = new PrewarmRequest(List.of(), null, "http", "pop", POPS, null, List.of(""), 30, null, null, null, url, null);
        String id = "hooked-1";
        Instance first = instances.start("a", ENV);
        await().atMost(Duration.ofSeconds(120)).until(() -> first.api().status("warm-up").status() == 404);

        inputs.job(new Job(id, List.of("https://a.example/1"), POPS, List.of(""), System.currentTimeMillis(), Long.MAX_VALUE, null, 0, 1,
                settings, 0));
        inputs.results(id, POPS.stream().map(p -> new WarmResult(id, "https://a.example/1", p, "", Outcome.SUCCESS, 200, null, p, 1, 1, 1,
                null, 1)).toList());
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> webhook(first, id).path("attempts").asInt() == 1);
        assertEquals("PENDING", webhook(first, id).path("state").asText(), webhook(first, id).toString());

        instances.stop(first);
        Instance second = instances.start("b", ENV);
        await().atMost(Duration.ofSeconds(90)).until(() -> received.size() >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(webhook(second, id).path("state").asText()));

        assertEquals(received.get(0)[0], received.get(1)[0], "the same delivery id on the attempt after the restart");
        for (String[] r : received) {
            assertTrue(Signature.verify(SECRET, r[2], r[1]), "signed: " + r[1]);
        }
        assertEquals(2, webhook(second, id).path("attempts").asInt(), webhook(second, id).toString());
    }
}
