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

/** {@code ./prewarm demo}: embedded broker, simulator, a sample job over https followed to its end. */
class DemoIT {

    @Test
    void theDemoJobCompletesAgainstTheSimulator(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        JsonNode last = Demo.run(Map.of("PREWARM_DATA_DIR", dir.toString(), "PREWARM_HTTP_PORT", "0"),
                new PrintStream(printed, true, StandardCharsets.UTF_8), true);

        assertEquals("COMPLETED", last.path("status").asText(), last.toString());
        assertEquals(20, last.path("completed").asInt());
        assertEquals(680, last.path("detail").path("tasks").path("succeeded").asInt());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("680/680 tasks"), out);
        assertTrue(out.contains("final status: COMPLETED"), out);
    }
}
