package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskBatchTest {
    private final TaskBatch batch = new TaskBatch("r-1", List.of("https://a.example/1", "https://a.example/2"), List.of("ATL56-C1", "FRA56-C1"),
            List.of("br", "gzip"), "d111111abcdef8", "https", Map.of(), 99);

    @Test
    void tasksAreUrlMajorThenPopThenVariantAsTargetsNumberThem() {
        assertEquals(8, batch.size());
        List<Task> tasks = batch.tasks();
        for (int i = 0; i < 8; i++) {
            TaskId expected = batch.targets().task("r-1", batch.urls().get(i / 4), i % 4);
            assertEquals(expected, tasks.get(i).id());
            assertEquals("https", tasks.get(i).protocol());
        }
    }

    @Test
    void aBatchHoldsAboutTargetTasksButNeverSplitsAUrl() {
        assertEquals(TaskBatch.TARGET_TASKS, TaskBatch.urlsPerBatch(new Targets(List.of("ATL56-C1"), List.of("br"))));
        assertEquals(1, TaskBatch.urlsPerBatch(new Targets(java.util.Collections.nCopies(34, "ATL56-C1"), List.of("br", "gzip"))));
        assertEquals(16, TaskBatch.urlsPerBatch(new Targets(List.of("ATL56-C1", "FRA56-C1"), List.of("br", "gzip"))));
    }

    @Test
    void batchesOfOneJobHaveDistinctKeys() {
        TaskBatch other = new TaskBatch("r-1", List.of("https://a.example/3"), batch.pops(), batch.encodings(), null, "http", null, 99);
        assertEquals(TaskId.batchKey("r-1", "https://a.example/1"), batch.recordKey());
        org.junit.jupiter.api.Assertions.assertNotEquals(batch.recordKey(), other.recordKey());
    }
}
