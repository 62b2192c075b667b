package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyAndRateFieldsTest {
    private final RequestValidator validator = new RequestValidator(PopCatalog.load(Optional.empty()), 10);

    private PrewarmRequest submit(String extra) {
        return validator.submission("{\"url_list\": [\"https://www.example.com/a.js\"], \"region\": [\"ATL56-C1\"]" + extra + "}");
    }

    @Test
    void absentFieldsLeaveTheWarmersDefaultAndNoJobCap() {
        PrewarmRequest r = submit("");
        assertNull(r.verify());
        assertNull(r.maxRate());
    }

    @Test
    void verifyAndMaxRateTravelToEveryTaskOfEveryChunkAndRetry() {
        PrewarmRequest r = submit(", \"verify\": false, \"max_rate\": 250");
        assertEquals(false, r.verify());
        assertEquals(250, r.maxRate());
        PrewarmRequest chunk = r.chunk(List.of("https://www.example.com/a.js"), 0, 2);
        assertEquals(250, chunk.maxRate());
        assertEquals(false, r.settings().retrying("abc").verify());
        TaskBatch batch = new TaskBatch("id", chunk.urlList(), chunk.pops(), chunk.encodings(), null, "http", null, 1L, chunk.verify(), chunk.maxRate());
        Task task = batch.task(0);
        assertEquals(250, task.maxRate());
        assertEquals(false, task.verifies(true));
        assertEquals(250, TaskBatch.of(task).maxRate());
    }

    @Test
    void aTaskWithoutAWordFollowsTheWarmersDefault() {
        Task t = new Task("id", "https://www.example.com/a.js", "ATL56-C1", null, "http", "", 1L);
        assertTrue(t.verifies(true));
        assertEquals(false, t.verifies(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "\"yes\"", "[]"})
    void verifyMustBeABoolean(String value) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(", \"verify\": " + value));
        assertEquals("verify", e.field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "100001", "2.5", "\"100\"", "true"})
    void maxRateMustBeAWholeNumberFromOneTo100000(String value) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(", \"max_rate\": " + value));
        assertEquals("max_rate", e.field());
        assertTrue(e.getMessage().contains("1 to 100000"), e.getMessage());
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertEquals(1, submit(", \"max_rate\": 1").maxRate());
        assertEquals(100_000, submit(", \"max_rate\": 100000").maxRate());
    }
}
