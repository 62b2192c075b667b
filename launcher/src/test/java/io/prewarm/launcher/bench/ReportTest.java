package io.prewarm.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's table prints what ran and leaves out what did not. */
class ReportTest {
    @Test
    void aSeriesRunAlonePrintsItsLinesAndNoOtherCase() {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("plan", "edge");
        results.put("edge", Map.of("edge", "nginx", "warmerMaxInFlight", 1024, "warmerMaxPerPop", 64));
        List<Map<String, Object>> runs = List.of();
        Map<String, Object> spread = Map.of("median", 2_500.0, "min", 2_300.0, "max", 2_700.0);
        Map<String, Object> series = new LinkedHashMap<>();
        for (String key : List.of("tasksPerSecond", "steadyTasksPerSecond", "steadyByUrlsTasksPerSecond", "rawTasksPerSecond", "cpuMicrosPerTask",
                "rawCpuMicrosPerTask", "gcMillis", "edgeCpuSeconds", "rawEdgeCpuSeconds", "otherCpuSeconds", "rawOtherCpuSeconds")) {
            series.put(key, spread);
        }
        series.put("ratioToRaw", 1.0);
        series.put("exact", true);
        series.put("systemRuns", runs);
        results.put("https20", series);
        results.put("memory", Map.of("peakHeapMiB", 500, "maxHeapMiB", 512, "peakHeapAfterGcMiB", 480, "peakRssMiB", 900));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report.print(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("20 ms https") && table.contains("2,500"), table);
        assertTrue(table.contains("MISSED"), "2,500 tasks/s against 8,000: " + table);
        assertFalse(table.contains("20 ms http ") || table.contains("100 ms http") || table.contains("small-job latency"), table);
    }
}
