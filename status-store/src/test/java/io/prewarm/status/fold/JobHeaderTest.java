package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Targets;
import io.prewarm.contract.WarmResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job header: read from stores written by the first version, and never changed in place. */
class JobHeaderTest {
    /** Written by the first version (TreeSet chunksSeen, Map of int[] perPop, String announced). */
    private static final String STORED = "{\"requestID\":\"req-1\",\"pops\":[\"ATL56-C1\",\"DFW55-C3\"],\"encodings\":[\"br\",\"gzip\"],"
            + "\"createdAt\":100,\"deadline\":900,\"chunkCount\":3,\"chunksSeen\":[0,2],\"total\":4,\"completed\":3,\"failed\":1,"
            + "\"perPop\":{\"DFW55-C3\":[2,0],\"ATL56-C1\":[3,1]},\"finishedAt\":800,\"announced\":\"FAILED\"}";
    private static final String STORED_REJECTED = "{\"requestID\":\"req-2\",\"pops\":[],\"encodings\":[\"gzip, deflate, br\"],\"createdAt\":5,"
            + "\"deadline\":5,\"error\":\"region: unknown\",\"chunkCount\":1,\"chunksSeen\":[],\"total\":0,\"completed\":0,\"failed\":0,"
            + "\"perPop\":{},\"finishedAt\":0}";

    private static WarmResult result(String pop, Outcome outcome) {
        return new WarmResult("req-1", "https://a.example/1", pop, "br", outcome, 200, null, null, 1, 1, 1, null, 1);
    }

    @Test
    void aHeaderStoredByTheFirstVersionReadsWithEveryCount() throws Exception {
        JobHeader h = Json.MAPPER.readValue(STORED, JobHeader.class);

        assertEquals(new Targets(List.of("ATL56-C1", "DFW55-C3"), List.of("br", "gzip")), h.targets());
        assertEquals(4, h.tasksPerUrl());
        assertTrue(h.chunksSeen().contains(0) && h.chunksSeen().contains(2) && !h.chunksSeen().contains(1));
        assertFalse(h.allChunksSeen());
        assertEquals(new PopTallies.Tally(3, 1), h.perPop().of("ATL56-C1"));
        assertEquals(PopTallies.Tally.ZERO, h.perPop().of("SFO5-P1"));
        assertEquals(JobStatus.FAILED, h.announced());
        assertEquals(800, h.finishedAt());
        JobHeader rejected = Json.MAPPER.readValue(STORED_REJECTED, JobHeader.class);
        assertEquals("region: unknown", rejected.error());
        assertNull(rejected.announced());
        assertEquals(JobStatus.FAILED, rejected.status(0));
    }

    @Test
    void aHeaderIsWrittenWithTheFirstVersionsFieldsAndValues() throws Exception {
        JobHeader h = Json.MAPPER.readValue(STORED, JobHeader.class);

        assertEquals(Json.MAPPER.readTree(STORED), Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(h)));
        JsonNode fresh = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(JobHeader.from(Job.rejected("req-2", 5, "region: unknown"))));
        assertEquals(Json.MAPPER.readTree(STORED_REJECTED), fresh);
    }

    @Test
    void everyChangeIsANewHeaderAndTheOldOneStaysAsItWas() throws Exception {
        JobHeader before = Json.MAPPER.readValue(STORED, JobHeader.class);
        String json = Json.MAPPER.writeValueAsString(before);

        JobHeader after = before.withChunk(1).counting(result("ATL56-C1", Outcome.SUCCESS)).counting(result("DFW55-C3", Outcome.FAILURE))
                .withUrlCounts(5, 4, 2).announcing(JobStatus.TIMEOUT);

        assertEquals(json, Json.MAPPER.writeValueAsString(before));
        assertTrue(after.allChunksSeen());
        assertEquals(new PopTallies.Tally(4, 1), after.perPop().of("ATL56-C1"));
        assertEquals(new PopTallies.Tally(2, 1), after.perPop().of("DFW55-C3"));
        assertEquals(before.perPop().counted() + 2, after.perPop().counted(), "each counted task moves the tallies' version");
        assertEquals(after.perPop().counted(), after.counting(result("ATL56-C1", Outcome.SKIPPED)).perPop().counted(), "a skip is not counted");
        assertEquals(JobStatus.TIMEOUT, after.announced());
        assertThrows(UnsupportedOperationException.class, () -> after.targets().pops().add("SFO5-P1"));
    }

    @Test
    void skippedResultsAndKnownChunksChangeNothing() {
        JobHeader h = JobHeader.from(new Job("req-1", List.of("https://a.example/1"), List.of("ATL56-C1"), null, 0, 10, null)).withChunk(0);

        assertSame(h, h.counting(result("ATL56-C1", Outcome.SKIPPED)));
        assertSame(h.chunksSeen(), h.withChunk(0).chunksSeen());
    }

    @Test
    void chunkIndexesAreKeptSortedAndOnce() throws Exception {
        ChunkSet set = Json.MAPPER.readValue("[5,1,5,3]", ChunkSet.class).with(4).with(0).with(3);

        assertEquals("[0,1,3,4,5]", Json.MAPPER.writeValueAsString(set));
        assertEquals(5, set.size());
    }

    @Test
    void perPopCountsAreWrittenAsSucceededAndFailedPerPop() throws Exception {
        PopTallies t = PopTallies.NONE.counting("ATL56-C1", Outcome.SUCCESS).counting("DFW55-C3", Outcome.FAILURE)
                .counting("ATL56-C1", Outcome.SUCCESS).counting("ATL56-C1", Outcome.SKIPPED);

        assertEquals(Map.of("ATL56-C1", List.of(2, 0), "DFW55-C3", List.of(0, 1)), Json.MAPPER.convertValue(t, Map.class));
        assertEquals(t, Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(t), PopTallies.class));
    }
}
