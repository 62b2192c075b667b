package io.prewarm.launcher.bench;

import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.Topics;
import io.prewarm.contract.WarmResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one task costs on the internal topics in bytes and encoding time: the records of the
 * version before (one JSON {@link Task} and one JSON {@link WarmResult} per task) against today's
 * (a compact {@link TaskBatch} of one URL at 34 PoPs, a compact {@link ResultBatch} of 500 results),
 * each divided by the tasks it carries. Values before Kafka's lz4 compression.
 */
final class Formats {
    private static final int ROUNDS = 2_000;

    private Formats() {
    }

    static Map<String, Object> measure(List<String> pops) throws Exception {
        String id = "4f780687-9774-48cd-bd7d-db836abf45af";
        long deadline = System.currentTimeMillis() + 3_600_000;
        TaskBatch batch = new TaskBatch(id, List.of("http://www.example.com/d20/tp/asset-1234.js"), pops, List.of(Task.DEFAULT_ACCEPT_ENCODING),
                "d111111abcdef8", "https", Map.of(), deadline);
        Task task = batch.task(0);
        List<WarmResult> results = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String pop = pops.get(i % pops.size());
            results.add(new WarmResult(id, "http://www.example.com/d20/tp/asset-" + (i / pops.size()) + ".js", pop, Task.DEFAULT_ACCEPT_ENCODING,
                    Outcome.SUCCESS, 200, "Miss from cloudfront", pop, 16_384, 21, 1, null, System.currentTimeMillis()));
        }
        ResultBatch resultBatch = new ResultBatch(id, results);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("taskJsonBytesPerTask", Json.MAPPER.writeValueAsBytes(task).length);
        m.put("taskBatchBytesPerTask", round(bytes(Topics.TASKS.valueSerde().serializer().serialize("t", batch)) / (double) batch.size()));
        m.put("resultJsonBytesPerTask", Json.MAPPER.writeValueAsBytes(results.get(0)).length);
        m.put("resultBatchBytesPerTask", round(bytes(Topics.RESULTS.valueSerde().serializer().serialize("t", resultBatch)) / 500.0));
        m.put("resultJsonMicrosPerTask", round(micros(() -> {
            try {
                return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(results.get(0)), WarmResult.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, 500) / 500));
        m.put("resultBatchMicrosPerTask", round(micros(() -> Topics.RESULTS.valueSerde().deserializer().deserialize("t",
                Topics.RESULTS.valueSerde().serializer().serialize("t", resultBatch)), 1) / 500.0));
        return m;
    }

    private static int bytes(byte[] b) {
        return b.length;
    }

    /** Microseconds per round of {@code per} calls of {@code work} (write and read), after a warm-up. */
    private static double micros(Supplier<Object> work, int per) {
        for (int i = 0; i < ROUNDS; i++) {
            for (int j = 0; j < per; j++) {
                work.get();
            }
        }
        long t = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            for (int j = 0; j < per; j++) {
                work.get();
            }
        }
        return (System.nanoTime() - t) / 1e3 / ROUNDS;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
