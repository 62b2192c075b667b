package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prewarm demo}: embedded broker, simulator in cache mode, a verified sample job over https
 * followed to its end: every cacheable task proven cached, the no-store URL failed and named with its header.
 */
class DemoIT {

    @Test
    void theDemoJobVerifiesTheCacheableUrlsAndNamesTheUncacheableOne(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JsonNode last = Demo.run(Map.of("PREWARM_DATA_DIR", dir.toString(), "PREWARM_HTTP_PORT", "0"),
                new PrintStream(printed, true, StandardCharsets.UTF_8), true);

        assertEquals("FAILED", last.path("status").asText(), last.toString());
        assertEquals(21, last.path("completed").asInt());
        assertEquals("[\"" + Demo.UNCACHEABLE_URL + "\"]", last.path("failedUrl").toString());
        JsonNode tasks = last.path("detail").path("tasks");
        assertEquals(680, tasks.path("succeeded").asInt(), tasks.toString());
        assertEquals(680, tasks.path("verified").asInt(), "each cacheable task at each of the 34 PoPs proven cached: " + tasks);
        assertEquals(34, tasks.path("notCached").asInt(), tasks.toString());
        JsonNode uncacheable = last.path("detail").path("uncacheable");
        assertEquals(1, uncacheable.size(), uncacheable.toString());
        assertEquals("Cache-Control", uncacheable.get(0).path("header").asText());
        assertEquals("no-store", uncacheable.get(0).path("value").asText());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("714/714 tasks"), out);
        assertTrue(out.contains("final status: FAILED"), out);
        assertTrue(out.contains("verified: 680 tasks proven in their PoP's cache, 34 not cached"), out);
        assertTrue(out.contains("uncacheable: " + Demo.UNCACHEABLE_URL + " (Cache-Control: no-store)"), out);
    }
}
