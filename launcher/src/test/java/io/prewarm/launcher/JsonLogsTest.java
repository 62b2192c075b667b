package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import io.prewarm.testing.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production logging configuration (not the tests' own) in a real process: by default one
 * readable line per event, and with {@code PREWARM_LOG_FORMAT=json} one JSON object per line that a
 * log shipper can take as is. The edge simulator is the cheapest program of ours that logs.
 */
class JsonLogsTest {
    private static final String SIMULATOR = "io.prewarm.simulator.EdgeSimulator";
    private static final String TEXT_EVENT = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ .*";

    private static List<String> linesOf(Path dir, String format) throws Exception {
        Path log = dir.resolve(format + ".log");
        try (ChildJvm sim = ChildJvm.start(SIMULATOR, Map.of("LOG4J_CONFIGURATION_FILE", "classpath:log4j2.xml",
                "PREWARM_LOG_FORMAT", format, "SIM_HTTP_PORT", "0", "SIM_HTTPS_PORT", "0"), log, dir)) {
            sim.awaitLog("edge simulator listening", Duration.ofSeconds(60));
            return sim.log().lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void withPrewarmLogFormatJsonEveryLineIsAJsonObjectWithLevelLoggerAndMessage(@TempDir Path dir) throws Exception {
        List<String> lines = linesOf(dir, "json");
        JsonNode listening = null;
        // The simulator also prints its settings to stdout for people; log events are the JSON lines.
        for (String line : lines) {
            assertFalse(line.matches(TEXT_EVENT), "a text log line in JSON mode: " + line);
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode event = Json.MAPPER.readTree(line);
            assertTrue(event.isObject(), line);
            if (event.path("message").asText().startsWith("edge simulator listening")) {
                listening = event;
            }
        }
        assertTrue(listening != null, lines.toString());
        assertEquals("INFO", listening.path("log.level").asText(), listening.toString());
        assertTrue(listening.path("log.logger").asText().endsWith("EdgeSimulator"), listening.toString());
        assertFalse(listening.path("@timestamp").asText().isEmpty(), listening.toString());
    }

    @Test
    void byDefaultLinesAreTextForPeople(@TempDir Path dir) throws Exception {
        String line = linesOf(dir, "text").stream().filter(l -> l.contains("edge simulator listening")).findFirst().orElseThrow();
        assertTrue(line.matches(TEXT_EVENT) && line.contains(" INFO ") && line.contains("EdgeSimulator - edge simulator listening"), line);
    }
}
