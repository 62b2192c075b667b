package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import io.prewarm.testing.ChildJvm;
import io.prewarm.testing.KafkaFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash mid-expansion (issue 16): two warmers as separate OS processes; the one reading a big
 * sitemap (served slowly, so the read is under way) is killed with {@code kill -9} after some of
 * its parts were admitted. The survivor reads the document again from the start; its parts carry
 * the same ids, which the expander admits once, so the job still grows to exactly the sitemap's
 * URLs plus the sitemap and ends COMPLETED with every task counted once.
 */
class ExpansionCrashIT {
    private static final String DIST = "d111111abcdef8";
    private static final String POP = "ATL56-C1";
    private static final int PAGES = 30_000;
    private static final String SITEMAP = "/docs/big-sitemap.xml?urls=" + PAGES + "&pace_ms=200";

    @TempDir
    Path dir;
    private KafkaFixture kafka;
    private EdgeSimulator edge;
    private Prewarm core;
    private final List<ChildJvm> warmers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        kafka = KafkaFixture.start();
        edge = EdgeSimulator.builder().start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of(POP));
        core = Prewarm.start(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "PREWARM_ROLES", "ingest,expander,status",
                "PREWARM_DATA_DIR", dir.resolve("core").toString(), "PREWARM_HTTP_PORT", "0"));
        for (int i = 0; i < 2; i++) {
            // each warmer names itself in its User-Agent, so the test knows which one is reading
            warmers.add(ChildJvm.start(PrewarmMain.class.getName(), Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                    "PREWARM_ROLES", "warmer", "PREWARM_DATA_DIR", dir.resolve("warmer" + i).toString(),
                    "PREWARM_HOSTS_FILE", hosts.toString(), "PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()),
                    "PREWARM_USER_AGENT", "crash-warmer-" + i, "PREWARM_VERIFY", "false"), dir.resolve("warmer" + i + ".log")));
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm w : warmers) {
            w.close();
        }
        core.close();
        edge.close();
        kafka.close();
    }

    private List<Request> sitemapRequests() {
        return edge.requests().stream().filter(r -> r.pathAndQuery().equals(SITEMAP)).toList();
    }

    @Test
    void killingTheWarmerReadingASitemapMidReadAddsNoUrlTwice() throws Exception {
        for (ChildJvm w : warmers) {
            w.awaitLog("warming tasks of partitions [prewarm.tasks", Duration.ofMinutes(2));
        }
        Api api = new Api(core.httpPort());
        Api.Reply submitted = api.submit("{\"url_list\": [\"http://www.example.com" + SITEMAP + "\"], \"cf_domain\": \"" + DIST
                + ".cloudfront.net\", \"target_type\": \"pop\", \"region\": [\"" + POP + "\"], \"expand\": \"sitemap\"}");
        assertEquals(200, submitted.status(), submitted.raw().body());
        String id = submitted.text("requestID");

        // the read is under way and some of its parts are admitted (the job has grown), but far from all
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/status?requestID=" + id).body().path("total").asInt() > 2_000);
        String reader = sitemapRequests().get(0).headers().get("user-agent");
        ChildJvm reading = warmers.get(reader.equals("crash-warmer-0") ? 0 : 1);
        reading.kill();
        reading.awaitExit(Duration.ofSeconds(30));
        int totalAtKill = api.get("/status?requestID=" + id).body().path("total").asInt();

        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Api.Reply r = api.get("/status?detail=true&requestID=" + id);
            last[0] = r.body();
            return r.status() == 200 && !r.text("status").equals("IN_PROGRESS");
        });
        JsonNode status = last[0];
        assertTrue(totalAtKill < PAGES, "killed mid-read, at " + totalAtKill + " URLs");
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(PAGES + 1, status.path("total").asInt(), "the pages and the sitemap, none twice: " + status.path("detail").path("expansion"));
        assertEquals(PAGES + 1, status.path("completed").asInt());
        assertEquals(PAGES + 1, status.path("detail").path("tasks").path("succeeded").asInt());
        JsonNode expansion = status.path("detail").path("expansion");
        assertEquals(1, expansion.path("read").asInt(), expansion.toString());
        assertEquals(0, expansion.path("pending").asInt(), expansion.toString());
        assertTrue(sitemapRequests().stream().anyMatch(r -> !r.headers().get("user-agent").equals(reader)),
                "the survivor read the sitemap again: " + sitemapRequests());
        System.out.printf("warmer killed at %d of %d URLs; the sitemap was requested %d times; the job completed exactly%n",
                totalAtKill, PAGES + 1, sitemapRequests().size());
    }
}
