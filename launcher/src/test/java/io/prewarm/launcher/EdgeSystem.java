package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The setup the end-to-end ITs share: a real broker, the edge simulator the test built, and one
 * Prewarm process with every role whose warmer reaches the simulator's PoPs through a hosts file
 * (retries 10 ms apart), plus what the test adds to its environment; and the one way to wait for a
 * job's final detailed status.
 */
final class EdgeSystem implements AutoCloseable {
    static final String DIST = "d111111abcdef8";

    private final KafkaFixture kafka;
    private final EdgeSimulator edge;
    private final Prewarm prewarm;
    private final Api api;

    private EdgeSystem(KafkaFixture kafka, EdgeSimulator edge, Prewarm prewarm) {
        this.kafka = kafka;
        this.edge = edge;
        this.prewarm = prewarm;
        this.api = new Api(prewarm.httpPort());
    }

    /** Starts a broker and Prewarm (data under {@code dir}) warming {@code pops} of {@link #DIST} at {@code edge}, with {@code env} on top. */
    static EdgeSystem start(Path dir, EdgeSimulator edge, List<String> pops, Map<String, String> env) {
        KafkaFixture kafka = KafkaFixture.start();
        Map<String, String> all = new HashMap<>();
        all.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        all.put("PREWARM_DATA_DIR", dir.resolve("data").toString());
        all.put("PREWARM_HTTP_PORT", "0");
        all.put("PREWARM_HOSTS_FILE", edge.writeHostsFile(dir.resolve("hosts"), DIST, pops).toString());
        all.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        all.put("PREWARM_RETRY_BACKOFF_MS", "10");
        all.putAll(env);
        return new EdgeSystem(kafka, edge, Prewarm.start(all));
    }

    Api api() {
        return api;
    }

    Prewarm prewarm() {
        return prewarm;
    }

    /** POSTs {@code body} and returns the requestID it was accepted under. */
    String submit(String body) {
        Api.Reply accepted = api.submit(body);
        assertEquals(200, accepted.status(), accepted.raw().body());
        return accepted.text("requestID");
    }

    /** The job's {@code detail=true} status once it is no longer IN_PROGRESS, waited for at most {@code within}. */
    JsonNode awaitFinal(String id, Duration within) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last.set(r.body());
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        return last.get();
    }

    @Override
    public void close() throws Exception {
        prewarm.close();
        edge.close();
        kafka.close();
    }
}
