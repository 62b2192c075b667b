package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Cacheability;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Targets;
import io.prewarm.contract.WarmResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The status store's values: written compact, and the JSON the version before wrote still read. */
class StoredValuesTest {
    private static final String OLD_HEADER = "{\"requestID\":\"req-1\",\"pops\":[\"ATL56-C1\"],\"encodings\":[\"br\"],\"createdAt\":100,"
            + "\"deadline\":900,\"chunkCount\":1,\"chunksSeen\":[0],\"total\":2,\"completed\":1,\"failed\":0,"
            + "\"perPop\":{\"ATL56-C1\":[1,0]},\"finishedAt\":0}";
    private static final String OLD_URL = "{\"registered\":true,\"done\":1,\"failed\":1,\"skipped\":0}";
    private static final String OLD_TASK = "{\"requestID\":\"req-1\",\"url\":\"https://a.example/1\",\"pop\":\"ATL56-C1\",\"acceptEncoding\":\"br\","
            + "\"outcome\":\"FAILURE\",\"httpStatus\":503,\"bytes\":0,\"elapsedMs\":5,\"attempts\":3,\"error\":\"HTTP 503\",\"finishedAt\":1}";

    private static <V> V read(Class<V> type, String json) {
        return CompactSerde.of(type).deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
    }

    private static <V> V roundTrip(Class<V> type, V value) {
        Serde<V> serde = CompactSerde.of(type);
        byte[] bytes = serde.serializer().serialize("t", value);
        assertTrue(CompactSerde.isSmile(bytes), type.getSimpleName() + " is written compact");
        return serde.deserializer().deserialize("t", bytes);
    }

    @Test
    void theJsonOfThePreviousVersionsStoresReads() throws Exception {
        assertEquals(Json.MAPPER.readValue(OLD_HEADER, JobHeader.class), read(JobHeader.class, OLD_HEADER));
        assertEquals(new UrlState(true, 1, 1, 0), read(UrlState.class, OLD_URL));
        WarmResult task = read(WarmResult.class, OLD_TASK);
        assertEquals(Outcome.FAILURE, task.outcome());
        assertEquals("HTTP 503", task.error());
    }

    @Test
    void everyValueReadsBackAsWritten() throws Exception {
        JobHeader h = Json.MAPPER.readValue(OLD_HEADER, JobHeader.class).withChunk(3).counting("DFW55-C3", Outcome.FAILURE);
        assertEquals(h, roundTrip(JobHeader.class, h));
        assertEquals(new UrlState(true, 3, 1, 1), roundTrip(UrlState.class, new UrlState(true, 3, 1, 1)));
        UrlState grouped = UrlState.NEW.inGroup(0, 4).inGroup(2, 1);
        assertEquals(grouped, roundTrip(UrlState.class, grouped));
        assertEquals(5, grouped.tasks());
        UrlOutcomes o = new UrlOutcomes(List.of(new TaskOutcome("ATL56-C1", "br", Outcome.SUCCESS, 200, "Hit from cloudfront", "ATL56-P1", 16_384, 21, 1, null, 5),
                new TaskOutcome("DFW55-C3", "", Outcome.SKIPPED, null, null, null, 0, 0, 0, "deadline passed", 6)));
        assertEquals(o, roundTrip(UrlOutcomes.class, o));
    }

    @Test
    void aRetryOrCancelledJobsHeaderReadsBackWithItsSettingsGroupsAndCancel() throws Exception {
        PrewarmRequest settings = new PrewarmRequest(List.of(), "d111111abcdef8.cloudfront.net", "https", "pop", List.of("ATL56-C1"),
                Map.of("X-Test", "1"), List.of("br"), 30, null, null, null, "https://hooks.example/done", "orig-1");
        Job chunk = new Job("req-2", List.of("https://a.example/1"), List.of("ATL56-C1"), List.of("br"), 5, 900, null, 0, 2, settings, 0);
        JobHeader h = JobHeader.from(chunk).withGroups(JobHeader.from(chunk).groups().with(new Targets(List.of("DFW55-C3"), List.of("gzip")))
                .counting(Map.of("ATL56-C1", 3))).cancelled(700);

        JobHeader back = roundTrip(JobHeader.class, h);
        assertEquals(h, back);
        assertEquals(new Targets(List.of("ATL56-C1", "DFW55-C3"), List.of("br", "gzip")), back.targets());
        assertEquals("orig-1", back.retryOf());
        assertEquals("https://hooks.example/done", back.callbackUrl());
        assertEquals(3, back.tasksAt("ATL56-C1"));
        assertEquals(JobStatus.CANCELLED, back.status(0));
    }

    @Test
    void aUrlsOutcomesUseOneLetterNamesAndTheCountersKeepTheirFields() throws Exception {
        UrlOutcomes o = new UrlOutcomes(List.of(new TaskOutcome("ATL56-C1", "br", Outcome.FAILURE, 503, "Error from cloudfront", "ATL56-P1", 0, 5, 3,
                "HTTP 503", 7)));

        JsonNode tree = Json.MAPPER.valueToTree(o);
        assertEquals(List.of("t"), names(tree.fieldNames()));
        assertEquals(List.of("p", "v", "o", "h", "x", "c", "b", "t", "a", "e", "f"), names(tree.get("t").get(0).fieldNames()));
        assertEquals(OLD_URL, Json.MAPPER.writeValueAsString(new UrlState(true, 1, 1, 0)));
    }

    @Test
    void anOutcomeEntryWithFieldsOfALaterVersionStillReads() {
        String later = "{\"t\":[{\"p\":\"ATL56-C1\",\"v\":\"br\",\"o\":\"SKIPPED\",\"new\":{\"n\":[1,2]},\"a\":0,\"f\":9}],\"more\":[3]}";

        assertEquals(new UrlOutcomes(List.of(new TaskOutcome("ATL56-C1", "br", Outcome.SKIPPED, null, null, null, 0, 0, 0, null, 9))),
                read(UrlOutcomes.class, later));
    }

    @Test
    void aTasksVerificationIsKeptUnderShortNamesAndLeftOutWhenAbsent() throws Exception {
        TaskOutcome checked = new TaskOutcome("ATL56-C1", "br", Outcome.FAILURE, 200, "Miss from cloudfront", "ATL56-P1", 10, 5, 1,
                "not cached after warming", 7, "12", WarmResult.Verification.NOT_CACHED, new WarmResult.Answer(200, "Miss from cloudfront", null, "ATL56-P2"),
                new Cacheability.Uncacheable("Cache-Control", "no-store"));
        UrlOutcomes o = new UrlOutcomes(List.of(checked, new TaskOutcome("DFW55-C3", "br", Outcome.SUCCESS, 200, null, null, 1, 1, 1, null, 8)));

        assertEquals(o, roundTrip(UrlOutcomes.class, o));
        JsonNode tree = Json.MAPPER.valueToTree(o).get("t");
        assertEquals(List.of("p", "v", "o", "h", "x", "c", "b", "t", "a", "e", "f", "g", "k", "y", "u"), names(tree.get(0).fieldNames()));
        assertEquals(Json.MAPPER.readTree("{\"h\":200,\"x\":\"Miss from cloudfront\",\"c\":\"ATL56-P2\"}"), tree.get(0).get("y"));
        assertEquals(Json.MAPPER.readTree("{\"n\":\"Cache-Control\",\"v\":\"no-store\"}"), tree.get(0).get("u"));
        assertEquals(List.of("p", "v", "o", "h", "b", "t", "a", "f"), names(tree.get(1).fieldNames()), "an unverified task is written as before");
    }

    @Test
    void aVerificationOfALaterVersionReadsAsNone() {
        String later = "{\"t\":[{\"p\":\"ATL56-C1\",\"v\":\"br\",\"o\":\"SUCCESS\",\"k\":\"PROVEN_BY_MAGIC\",\"y\":\"odd\",\"a\":1,\"f\":9}]}";

        assertNull(read(UrlOutcomes.class, later).tasks().get(0).verification());
    }

    @Test
    void perPopTalliesWithVerificationsReadBackAndThoseWithoutKeepTheirTwoCounts() throws Exception {
        PopTallies t = PopTallies.NONE.counting("ATL56-C1", Outcome.SUCCESS, true, false).counting("ATL56-C1", Outcome.FAILURE, false, true)
                .counting("DFW55-C3", Outcome.SUCCESS);

        assertEquals(Map.of("ATL56-C1", List.of(1, 1, 1, 1), "DFW55-C3", List.of(1, 0)), Json.MAPPER.convertValue(t, Map.class));
        assertEquals(t, roundTrip(PopTallies.class, t));
        assertEquals(new PopTallies.Tally(1, 1, 1, 1), t.of("ATL56-C1"));
        assertEquals(2, t.counted() - t.of("DFW55-C3").succeeded(), "a verified task still counts once in the tallies' version");
    }

    private static List<String> names(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
