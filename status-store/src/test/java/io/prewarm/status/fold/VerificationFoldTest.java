package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.ResultBatch.PopBackoff;
import io.prewarm.contract.Task;
import io.prewarm.contract.Topics;
import io.prewarm.contract.WarmResult;
import io.prewarm.contract.WarmResult.Verification;
import io.prewarm.status.query.StatusDetail;
import io.prewarm.status.query.StatusReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification folded: verified and not-cached tasks counted once each, the URLs whose answers forbade
 * caching listed once and bounded, and the warmers' PoP back-off words, latest per PoP and warmer,
 * ended by the warmer or by a later success at the PoP. Back-off words never change a count and an
 * unreadable one never costs the results beside it.
 */
class VerificationFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final Job JOB = new Job(ID, List.of(U1, U2), List.of(ATL, DFW), null, 0, 1_000_000, null);
    private static final Cacheability.Uncacheable NO_STORE = new Cacheability.Uncacheable("Cache-Control", "no-store");
    private static final Cacheability.Uncacheable COOKIE = new Cacheability.Uncacheable("Set-Cookie", "session=...");
    private static final Duration RETENTION = Duration.ofHours(1);

    private StatusDriver fold;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, new StatusTopology.Settings(Duration.ofSeconds(10), RETENTION, 10_000));
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    private static WarmResult verified(String url, String pop, Verification v, long finishedAt) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, "Miss from cloudfront", pop, 10, 5, 1, null,
                finishedAt, "0", null, v, new WarmResult.Answer(200, "Hit from cloudfront", "1", pop));
    }

    private static WarmResult notCached(String url, String pop, Cacheability.Uncacheable why) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.FAILURE, 200, "Miss from cloudfront", pop, 10, 5, 1,
                "not cached after warming (X-Cache: Miss from cloudfront; " + why + ")", 1, null, why, Verification.NOT_CACHED,
                new WarmResult.Answer(200, "Miss from cloudfront", null, pop));
    }

    /** Verification off: an answer that forbade caching fails the task at once. */
    private static WarmResult uncacheable(String url, String pop, Cacheability.Uncacheable why) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.FAILURE, 200, "Miss from cloudfront", pop, 10, 5, 1,
                "answer cannot be cached (" + why + ")", 1, null, why, null, null);
    }

    private static PopBackoff word(String pop, boolean open, String warmer, long at) {
        return new PopBackoff(pop, open, open ? "HTTP 503 x3 (Retry-After: 30)" : null, 100, open ? at + 30_000 : 0, warmer, at);
    }

    private void tell(PopBackoff... words) {
        fold.results.pipeInput(ID, new ResultBatch(ID, List.of(), List.of(words)));
    }

    private StatusDetail detail() {
        StatusReader r = fold.reader();
        return r.detail(r.header(ID).orElseThrow());
    }

    @Test
    void verifiedAndNotCachedTasksAreCountedOnceHoweverTheyRepeat() {
        fold.jobs.pipeInput(ID, JOB);
        List<WarmResult> all = List.of(verified(U1, ATL, Verification.VERIFIED, 1), verified(U1, DFW, Verification.ALREADY_CACHED, 1),
                notCached(U2, ATL, NO_STORE), uncacheable(U2, DFW, COOKIE));
        fold.send(ID, all.get(0), all.get(0), all.get(2));
        fold.send(ID, all.toArray(WarmResult[]::new));
        fold.send(ID, all.toArray(WarmResult[]::new));
        fold.send(ID, notCached(U1, ATL, NO_STORE), verified(U2, ATL, Verification.VERIFIED, 2));

        StatusDetail d = detail();
        assertEquals(new StatusDetail.Counts(4, 2, 2, 0, 2, 2), d.tasks());
        assertEquals(List.of(new StatusDetail.PopCounts(ATL, 2, 1, 1, 0, 1, 1), new StatusDetail.PopCounts(DFW, 2, 1, 1, 0, 1, 1)), d.pops());
        assertEquals(JobStatus.FAILED, fold.events.readValue().status());
    }

    @Test
    void eachUncacheableUrlIsListedOnceWithTheHeaderOfItsFirstFailedTask() {
        fold.jobs.pipeInput(ID, JOB);
        WarmResult cachedAnyway = new WarmResult(ID, U1, ATL, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, "Miss from cloudfront", ATL,
                10, 5, 1, null, 1, null, COOKIE, Verification.VERIFIED, new WarmResult.Answer(200, "Hit from cloudfront", "1", ATL));
        fold.send(ID, cachedAnyway, uncacheable(U2, ATL, COOKIE));
        fold.send(ID, notCached(U2, DFW, NO_STORE), uncacheable(U2, ATL, NO_STORE));

        StatusDetail d = detail();
        assertEquals(List.of(new StatusDetail.Uncacheable(U2, "Set-Cookie", "session=...")), d.uncacheable(),
                "a task verified in the cache despite its headers is not listed; U2 once, as its first failure said");
        assertEquals(1, d.uncacheableCount());
        assertNull(d.uncacheableTruncated());
    }

    @Test
    void theUncacheableListIsBoundedAndSaysItIsCut() {
        int urls = StatusStores.UNCACHEABLE_LISTED + 5;
        List<String> many = new ArrayList<>();
        for (int i = 0; i < urls; i++) {
            many.add(String.format("https://a.example/%05d", i));
        }
        fold.jobs.pipeInput(ID, new Job(ID, many, List.of(ATL), null, 0, 1_000_000, null));
        fold.results.pipeInput(ID, new ResultBatch(ID, many.stream().map(u -> uncacheable(u, ATL, NO_STORE)).toList()));
        fold.results.pipeInput(ID, new ResultBatch(ID, many.subList(0, 10).stream().map(u -> uncacheable(u, ATL, COOKIE)).toList()));

        StatusDetail d = detail();
        assertEquals(StatusStores.UNCACHEABLE_LISTED, d.uncacheable().size());
        assertEquals(urls, d.uncacheableCount());
        assertEquals(Boolean.TRUE, d.uncacheableTruncated());
        assertEquals(new StatusDetail.Uncacheable(many.get(0), "Cache-Control", "no-store"), d.uncacheable().get(0));
        assertEquals(urls, d.tasks().notCached());
    }

    @Test
    void uncacheableResultsAheadOfTheirJobAreListedAndCountedWhenItArrives() {
        fold.send(ID, uncacheable(U1, ATL, NO_STORE), uncacheable(U1, DFW, COOKIE), verified(U2, ATL, Verification.VERIFIED, 1));
        fold.jobs.pipeInput(ID, JOB);
        fold.send(ID, uncacheable(U1, ATL, NO_STORE));

        StatusDetail d = detail();
        assertEquals(List.of(new StatusDetail.Uncacheable(U1, "Cache-Control", "no-store")), d.uncacheable());
        assertEquals(1, d.uncacheableCount());
        assertEquals(new StatusDetail.Counts(4, 1, 2, 1, 1, 2), d.tasks());
    }

    @Test
    void aPopIsBackedOffUntilItsWarmerSaysOtherwiseAndAnOlderWordChangesNothing() {
        fold.jobs.pipeInput(ID, JOB);
        tell(word(ATL, true, "warmer-a", 1_000), word(ATL, true, "warmer-b", 1_100));
        assertEquals(List.of(new StatusDetail.Backoff(ATL, "HTTP 503 x3 (Retry-After: 30)", 100, 31_000, "warmer-a"),
                new StatusDetail.Backoff(ATL, "HTTP 503 x3 (Retry-After: 30)", 100, 31_100, "warmer-b")), detail().backoff());

        tell(word(ATL, false, "warmer-a", 2_000));
        tell(word(ATL, true, "warmer-a", 1_500));
        assertEquals(List.of("warmer-b"), detail().backoff().stream().map(StatusDetail.Backoff::warmer).toList(),
                "warmer-a's late, older word does not reopen it; warmer-b still holds its tasks");

        tell(word(ATL, false, "warmer-b", 2_100));
        assertTrue(detail().backoff().isEmpty());
    }

    @Test
    void aSuccessAtThePopAfterTheWordEndsItsBackoff() {
        fold.jobs.pipeInput(ID, JOB);
        tell(word(ATL, true, "warmer-a", 1_000), word(DFW, true, "warmer-a", 1_000));

        fold.send(ID, verified(U1, ATL, Verification.VERIFIED, 999), verified(U1, DFW, Verification.VERIFIED, 1_001));

        assertEquals(List.of(ATL), detail().backoff().stream().map(StatusDetail.Backoff::pop).toList(),
                "a success finished before the word says nothing about the back-off");
        tell(word(DFW, true, "warmer-a", 1_000));
        assertEquals(List.of(ATL), detail().backoff().stream().map(StatusDetail.Backoff::pop).toList(), "a redelivered word changes nothing");
    }

    @Test
    void aRecordOfBackoffsOnlyChangesNoCountAndWritesOnlyTheHeader() {
        tell(word(ATL, true, "warmer-a", 1_000));
        fold.jobs.pipeInput(ID, JOB);
        assertTrue(detail().backoff().isEmpty(), "a word about a job not there yet is dropped");
        fold.send(ID, verified(U1, ATL, Verification.VERIFIED, 1));
        StatusDetail before = detail();
        StatusStores.ALL.forEach(fold::changelogRecords);

        tell(word(DFW, true, "warmer-a", 1_000));
        tell(word(DFW, true, "warmer-a", 1_000));

        StatusDetail after = detail();
        assertEquals(before.tasks(), after.tasks());
        assertEquals(before.pops(), after.pops());
        assertEquals(1, fold.changelogRecords(StatusStores.HEADERS), "the second, same word writes nothing");
        for (StatusStores.Store<?> store : List.of(StatusStores.URLS, StatusStores.OUTCOMES, StatusStores.FAILURES, StatusStores.UNCACHEABLE)) {
            assertEquals(0, fold.changelogRecords(store), store.name());
        }
        assertTrue(fold.events.isEmpty());
        assertEquals(List.of(DFW), after.backoff().stream().map(StatusDetail.Backoff::pop).toList());
    }

    @Test
    void anUnreadableBackoffWordIsDroppedAndTheResultsBesideItCount() {
        fold.jobs.pipeInput(ID, JOB);
        var raw = fold.driver.createInputTopic(Topics.RESULTS.name(), new StringSerializer(), new ByteArraySerializer());
        String json = "{\"requestID\":\"req-1\",\"results\":[{\"requestID\":\"req-1\",\"url\":\"" + U1 + "\",\"pop\":\"ATL56-C1\","
                + "\"acceptEncoding\":\"" + Task.DEFAULT_ACCEPT_ENCODING + "\",\"outcome\":\"SUCCESS\",\"httpStatus\":200,\"attempts\":1,"
                + "\"finishedAt\":1,\"verification\":\"VERIFIED\"}],"
                + "\"backoffs\":[{\"pop\":\"DFW55-C3\",\"open\":\"maybe\"},\"junk\",null,{\"open\":true,\"warmer\":\"w\",\"at\":5},"
                + "{\"pop\":\"DFW55-C3\",\"open\":true,\"reason\":\"HTTP 429 x3\",\"since\":1,\"retryAt\":9,\"warmer\":\"w\",\"at\":5}]}";

        raw.pipeInput(ID, json.getBytes(StandardCharsets.UTF_8));
        fold.send(ID, verified(U2, ATL, Verification.VERIFIED, 2));

        StatusDetail d = detail();
        assertEquals(new StatusDetail.Counts(4, 2, 0, 2, 2, 0), d.tasks());
        assertEquals(List.of(new StatusDetail.Backoff(DFW, "HTTP 429 x3", 1, 9, "w")), d.backoff(), "the readable word is kept");
    }

    @Test
    void aFinishedJobShowsNoBackoffAndRetentionDeletesItsUncacheableList() {
        fold.jobs.pipeInput(ID, JOB);
        tell(word(DFW, true, "warmer-a", 1_000));
        fold.send(ID, uncacheable(U1, ATL, NO_STORE), uncacheable(U1, DFW, NO_STORE), uncacheable(U2, ATL, COOKIE), notCached(U2, DFW, NO_STORE));
        assertTrue(detail().backoff().isEmpty(), "no task of a finished job waits at any PoP");
        assertFalse(detail().uncacheable().isEmpty());

        for (int i = 0; i < 7; i++) {
            fold.driver.advanceWallClockTime(Duration.ofMinutes(10));
        }

        assertTrue(fold.reader().header(ID).isEmpty());
        try (var left = fold.store(StatusStores.UNCACHEABLE).all()) {
            assertFalse(left.hasNext());
        }
    }

    @Test
    void theDetailJsonNamesEveryAnswerAndTheAnswerWithoutDetailStaysTheSeeds() throws Exception {
        fold.jobs.pipeInput(ID, JOB);
        tell(word(DFW, true, "warmer-a", 1_000));
        fold.send(ID, verified(U1, ATL, Verification.VERIFIED, 1), notCached(U2, ATL, NO_STORE));
        StatusReader r = fold.reader();
        JobHeader h = r.header(ID).orElseThrow();

        JsonNode plain = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r.view(h, 0, false, StatusReader.Page.ALL)));
        assertEquals(List.of("status", "total", "completed", "inProgress", "failedUrl", "inProgressUrl"), names(plain));
        JsonNode d = Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(r.view(h, 0, false, StatusReader.Page.ALL).withDetail(r.detail(h))))
                .get("detail");

        assertEquals(List.of("tasks", "pops", "failures", "uncacheable", "uncacheableCount", "backoff"), names(d));
        assertEquals(List.of("total", "succeeded", "failed", "pending", "verified", "notCached"), names(d.get("tasks")));
        assertEquals(1, d.get("tasks").get("verified").asInt());
        assertEquals(1, d.get("tasks").get("notCached").asInt());
        assertEquals(List.of("pop", "total", "succeeded", "failed", "pending", "verified", "notCached"), names(d.get("pops").get(0)));
        assertEquals(Json.MAPPER.readTree("{\"url\":\"" + U2 + "\",\"header\":\"Cache-Control\",\"value\":\"no-store\"}"), d.get("uncacheable").get(0));
        assertEquals(1, d.get("uncacheableCount").asInt());
        assertEquals(Json.MAPPER.readTree("{\"pop\":\"DFW55-C3\",\"reason\":\"HTTP 503 x3 (Retry-After: 30)\",\"since\":100,"
                + "\"retryAt\":31000,\"warmer\":\"warmer-a\"}"), d.get("backoff").get(0));
        JsonNode failure = d.get("failures").get(0);
        assertEquals(List.of("url", "pop", "acceptEncoding", "httpStatus", "reason", "attempts", "xCache", "cfPop", "verification", "verify"),
                names(failure));
        assertEquals("NOT_CACHED", failure.get("verification").asText());
        assertEquals(Json.MAPPER.readTree("{\"httpStatus\":200,\"xCache\":\"Miss from cloudfront\",\"cfPop\":\"ATL56-C1\"}"), failure.get("verify"));
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
