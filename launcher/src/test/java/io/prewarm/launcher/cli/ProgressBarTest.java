package io.prewarm.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress line: its arithmetic, and how often it is written when stderr is not a terminal. */
class ProgressBarTest {
    private static JsonNode status(String s, int total, int completed) throws Exception {
        return Json.MAPPER.readTree("{\"status\":\"" + s + "\",\"total\":" + total + ",\"completed\":" + completed + "}");
    }

    @Test
    void theBarFillsInProportionToCompletedUrls() throws Exception {
        assertEquals("[------------------------------]   0%  0/0 URLs  IN_PROGRESS", ProgressBar.bar(status("IN_PROGRESS", 0, 0)));
        assertEquals("[##########--------------------]  33%  1/3 URLs  IN_PROGRESS", ProgressBar.bar(status("IN_PROGRESS", 3, 1)));
        assertEquals("[##############################] 100%  100000/100000 URLs  FAILED", ProgressBar.bar(status("FAILED", 100_000, 100_000)));
    }

    @Test
    void anExpandedJobShowsItsDocumentsAndAPlusWhileItsTotalMayStillGrow() throws Exception {
        JsonNode reading = Json.MAPPER.readTree("{\"status\":\"IN_PROGRESS\",\"total\":10,\"completed\":5,\"detail\":{\"expansion\":"
                + "{\"documents\":4,\"read\":2,\"failed\":1,\"pending\":1,\"partsPending\":0}}}");
        JsonNode ended = Json.MAPPER.readTree("{\"status\":\"TIMEOUT\",\"total\":10,\"completed\":5,\"detail\":{\"expansion\":"
                + "{\"documents\":4,\"read\":2,\"failed\":1,\"pending\":1,\"partsPending\":0}}}");

        assertEquals("[###############---------------]  50%  5/10+ URLs  IN_PROGRESS  documents 2/4 read, 1 failed", ProgressBar.bar(reading));
        assertTrue(ProgressBar.growing(reading));
        assertEquals("[###############---------------]  50%  5/10 URLs  TIMEOUT  documents 2/4 read, 1 failed", ProgressBar.bar(ended),
                "a final job grows no more, read or not");
        assertFalse(ProgressBar.growing(ended));
    }

    @Test
    void elapsedTimeReadsLikeAClock() {
        assertEquals("0:07", ProgressBar.clock(Duration.ofSeconds(7)));
        assertEquals("12:05", ProgressBar.clock(Duration.ofSeconds(725)));
        assertEquals("2:00:01", ProgressBar.clock(Duration.ofSeconds(7201)));
    }

    @Test
    void withoutATerminalALineIsWrittenWhenDueOrWhenTheStatusChanges() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(err, true, StandardCharsets.UTF_8), false, Duration.ofHours(1));

        bar.show(status("IN_PROGRESS", 4, 1));
        bar.show(status("IN_PROGRESS", 4, 2));
        bar.show(status("IN_PROGRESS", 4, 3));
        bar.show(status("COMPLETED", 4, 4));
        bar.end();

        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, err.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].contains("1/4 URLs  IN_PROGRESS") && lines[1].contains("4/4 URLs  COMPLETED"));
        assertTrue(lines[0].indexOf('\r') < 0);
    }
}
