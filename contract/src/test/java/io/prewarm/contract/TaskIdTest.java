package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @Test
    void aJobsStoreKeysAreOneRangeSortedByUrlWithEachUrlsTasksAfterIt() {
        TreeSet<String> keys = new TreeSet<>();
        keys.add(TaskId.urlStoreKey("job-1", "https://a.example/b"));
        keys.add(new TaskId("job-1", "https://a.example/b", "ATL56-C1", "gzip").storeKey());
        keys.add(TaskId.urlStoreKey("job-1", "https://a.example/a"));
        keys.add(new TaskId("job-1", "https://a.example/a", "DFW55-C3", "").storeKey());
        keys.add(TaskId.urlStoreKey("job-10", "https://a.example/a"));
        keys.add(TaskId.urlStoreKey("job-", "https://a.example/a"));
        List<String> job1 = new ArrayList<>(keys.subSet(TaskId.jobStorePrefix("job-1"), TaskId.jobStoreEnd("job-1")));
        assertEquals(List.of(TaskId.urlStoreKey("job-1", "https://a.example/a"), new TaskId("job-1", "https://a.example/a", "DFW55-C3", "").storeKey(),
                TaskId.urlStoreKey("job-1", "https://a.example/b"), new TaskId("job-1", "https://a.example/b", "ATL56-C1", "gzip").storeKey()), job1);
        assertEquals("https://a.example/b", TaskId.urlOfStoreKey(TaskId.urlStoreKey("job-1", "https://a.example/b")));
    }

    @Test
    void everyPartOfATaskChangesItsKeys() {
        TaskId id = new TaskId("r", "https://a.example/", "ATL56-C1", "br");
        for (TaskId other : List.of(new TaskId("s", "https://a.example/", "ATL56-C1", "br"), new TaskId("r", "https://b.example/", "ATL56-C1", "br"),
                new TaskId("r", "https://a.example/", "DFW55-C3", "br"), new TaskId("r", "https://a.example/", "ATL56-C1", ""))) {
            assertNotEquals(id.recordKey(), other.recordKey());
            assertNotEquals(id.storeKey(), other.storeKey());
        }
    }

    @Test
    void aTaskAndItsResultNameTheSameTask() {
        Task task = new Task("r", "https://a.example/", "ATL56-C1", "d1", "https", null, 0);
        WarmResult result = new WarmResult("r", "https://a.example/", "ATL56-C1", "", Outcome.SUCCESS, 200, null, null, 0, 0, 1, null, 0);
        assertEquals(task.id(), result.taskId());
    }

    @Test
    void targetsEnumerateEveryPopAndVariantOncePerUrl() {
        Targets targets = new Targets(List.of("ATL56-C1", "DFW55-C3"), List.of("br", ""));
        assertEquals(4, targets.tasksPerUrl());
        TreeSet<String> seen = new TreeSet<>();
        for (int i = 0; i < targets.tasksPerUrl(); i++) {
            TaskId t = targets.task("r", "https://a.example/", i);
            assertTrue(targets.includes(t.pop(), t.acceptEncoding()));
            seen.add(t.storeKey());
        }
        assertEquals(4, seen.size());
        assertEquals(List.of(Task.DEFAULT_ACCEPT_ENCODING), new Targets(List.of("ATL56-C1"), null).encodings());
    }
}
