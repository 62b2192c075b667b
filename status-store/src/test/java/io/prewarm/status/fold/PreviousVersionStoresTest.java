package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusDetail;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data dir written by the version before: a job's header and URL counters as then, and its
 * tasks' results as one {@code job-tasks} entry each. The stores are filled before the fold runs,
 * as a restart over such a data dir finds them. Those results still show in the report, still win
 * over repeats, and are deleted with their job. Values written before verification existed
 * read too, and the fold counts verifications on top of them.
 */
class PreviousVersionStoresTest {
    @TempDir
    Path stateDir;

    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final Job JOB = new Job(ID, List.of(U1, U2), List.of(ATL, DFW), List.of("br"), 0, 1_000_000, null);
    private static final Duration RETENTION = Duration.ofHours(1);

    private StatusDriver fold;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, new StatusTopology.Settings(Duration.ofSeconds(10), RETENTION, 100));
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    private static WarmResult result(String url, String pop, Outcome outcome) {
        boolean ok = outcome == Outcome.SUCCESS;
        return new WarmResult(ID, url, pop, "br", outcome, ok ? 200 : 502, ok ? "Hit from cloudfront" : null, ok ? pop : null, ok ? 9 : 0, 4, ok ? 1 : 3,
                ok ? null : "HTTP 502", 7);
    }

    /** Stores what the version before kept once it had counted {@code results} of JOB (both URLs registered). */
    private JobHeader countedByThePreviousVersion(WarmResult... results) {
        JobHeader h = JobHeader.from(JOB).withChunk(0);
        int completed = 0;
        int failed = 0;
        for (String url : JOB.urls()) {
            UrlState u = UrlState.NEW.asRegistered();
            for (WarmResult r : results) {
                if (r.url().equals(url)) {
                    fold.store(StatusStores.LEGACY_TASKS).put(r.taskId().storeKey(), r);
                    if (r.outcome() == Outcome.FAILURE) {
                        fold.store(StatusStores.FAILURES).put(r.taskId().storeKey(), r);
                    }
                    u = u.recording(r.outcome());
                    h = h.counting(r);
                }
            }
            fold.store(StatusStores.URLS).put(TaskId.urlStoreKey(ID, url), u);
            completed += u.complete(h.tasksPerUrl()) ? 1 : 0;
            failed += u.complete(h.tasksPerUrl()) && u.failed() > 0 ? 1 : 0;
        }
        h = h.withUrlCounts(JOB.urls().size(), completed, failed);
        fold.store(StatusStores.HEADERS).put(ID, h);
        return h;
    }

    private List<String> report() throws Exception {
        StringWriter out = new StringWriter();
        StatusReader r = fold.reader();
        r.report(r.header(ID).orElseThrow(), out);
        return List.of(out.toString().split("\r\n"));
    }

    @Test
    void theReportShowsResultsCountedByThePreviousVersion() throws Exception {
        countedByThePreviousVersion(result(U1, ATL, Outcome.SUCCESS), result(U2, DFW, Outcome.FAILURE));

        assertEquals(List.of("url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason,"
                + "age,verification,verify_http_status,verify_x_cache,verify_age,verify_x_amz_cf_pop,uncacheable",
                U1 + ",ATL56-C1,br,SUCCESS,200,1,Hit from cloudfront,ATL56-C1,9,4,,,,,,,,",
                U1 + ",DFW55-C3,br,PENDING,,,,,,,,,,,,,,",
                U2 + ",ATL56-C1,br,PENDING,,,,,,,,,,,,,,",
                U2 + ",DFW55-C3,br,FAILURE,502,3,,,0,4,HTTP 502,,,,,,,"), report());
    }

    @Test
    void aResultCountedByThePreviousVersionWinsOverItsRepeatAndTheJobFinishes() throws Exception {
        countedByThePreviousVersion(result(U1, ATL, Outcome.SUCCESS), result(U2, ATL, Outcome.SUCCESS));

        fold.send(ID, result(U1, ATL, Outcome.FAILURE), result(U1, DFW, Outcome.SUCCESS));
        fold.send(ID, result(U2, DFW, Outcome.SUCCESS), result(U2, ATL, Outcome.FAILURE));

        StatusReader r = fold.reader();
        JobHeader h = r.header(ID).orElseThrow();
        StatusView s = r.view(h, 0, true, StatusReader.Page.ALL);
        assertEquals(JobStatus.COMPLETED, s.status());
        assertEquals(List.of(U1, U2), s.successUrl());
        assertEquals(new StatusDetail.Counts(4, 4, 0, 0), r.detail(h).tasks());
        assertTrue(report().stream().skip(1).allMatch(line -> line.contains(",SUCCESS,")), "the repeats' failures are not reported");
        assertEquals(JobStatus.COMPLETED, fold.events.readValue().status());
        assertEquals(2, fold.store(StatusStores.OUTCOMES).get(TaskId.urlStoreKey(ID, U1)).count(),
                "the URL's outcome entry now holds its old result too");
        assertNotNull(fold.store(StatusStores.LEGACY_TASKS).get(new TaskId(ID, U1, ATL, "br").storeKey()), "the old store is only read");
    }

    @Test
    void resultsThePreviousVersionHeldAheadOfTheirJobAreCountedWhenItArrives() {
        for (WarmResult r : List.of(result(U1, ATL, Outcome.SUCCESS), result(U1, DFW, Outcome.FAILURE))) {
            fold.store(StatusStores.LEGACY_TASKS).put(r.taskId().storeKey(), r);
        }
        fold.store(StatusStores.URLS).put(TaskId.urlStoreKey(ID, U1), UrlState.NEW.recording(Outcome.SUCCESS).recording(Outcome.FAILURE));

        fold.jobs.pipeInput(ID, JOB);

        StatusReader r = fold.reader();
        JobHeader h = r.header(ID).orElseThrow();
        StatusView s = r.view(h, 0, false, StatusReader.Page.ALL);
        assertEquals(1, s.completed());
        assertEquals(List.of(U1), s.failedUrl());
        assertEquals(new StatusDetail.Counts(4, 1, 1, 2), r.detail(h).tasks());
    }

    @Test
    void aJobCountedByThePreviousVersionIsDeletedWithItsTaskEntries() {
        JobHeader h = countedByThePreviousVersion(result(U1, ATL, Outcome.SUCCESS), result(U1, DFW, Outcome.SUCCESS),
                result(U2, ATL, Outcome.SUCCESS), result(U2, DFW, Outcome.FAILURE));
        fold.store(StatusStores.HEADERS).put(ID, h.endedAt(5).announcing(JobStatus.FAILED));

        fold.driver.advanceWallClockTime(RETENTION.plusMinutes(1));

        assertTrue(fold.reader().header(ID).isEmpty());
        for (StatusStores.Store<?> store : StatusStores.ALL) {
            try (var left = fold.driver.<String, Object>getKeyValueStore(store.name()).all()) {
                assertTrue(!left.hasNext(), store.name() + " entries deleted too");
            }
        }
    }

    /** What the version before verification wrote for JOB once U1 had succeeded at ATL: no verification letters, tallies as [succeeded, failed]. */
    private static final String HEADER_BEFORE_VERIFICATION = "{\"requestID\":\"req-1\",\"pops\":[\"ATL56-C1\",\"DFW55-C3\"],\"encodings\":[\"br\"],"
            + "\"createdAt\":0,\"deadline\":1000000,\"chunkCount\":1,\"chunksSeen\":[0],\"total\":2,\"completed\":0,\"failed\":0,"
            + "\"perPop\":{\"ATL56-C1\":[1,0]},\"finishedAt\":0}";
    private static final String OUTCOMES_BEFORE_VERIFICATION = "{\"t\":[{\"p\":\"ATL56-C1\",\"v\":\"br\",\"o\":\"SUCCESS\",\"h\":200,"
            + "\"x\":\"Hit from cloudfront\",\"c\":\"ATL56-C1\",\"b\":9,\"t\":4,\"a\":1,\"f\":7}]}";

    private static <V> V readStored(Class<V> type, String json) {
        return CompactSerde.of(type).deserializer().deserialize("t", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void valuesOfTheVersionBeforeVerificationReadAndVerificationsAreCountedOnTop() throws Exception {
        fold.store(StatusStores.HEADERS).put(ID, readStored(JobHeader.class, HEADER_BEFORE_VERIFICATION));
        fold.store(StatusStores.URLS).put(TaskId.urlStoreKey(ID, U1), readStored(UrlState.class, "{\"registered\":true,\"done\":1,\"failed\":0,\"skipped\":0}"));
        fold.store(StatusStores.URLS).put(TaskId.urlStoreKey(ID, U2), readStored(UrlState.class, "{\"registered\":true,\"done\":0,\"failed\":0,\"skipped\":0}"));
        fold.store(StatusStores.OUTCOMES).put(TaskId.urlStoreKey(ID, U1), readStored(UrlOutcomes.class, OUTCOMES_BEFORE_VERIFICATION));
        Cacheability.Uncacheable noStore = new Cacheability.Uncacheable("Cache-Control", "no-store");

        fold.send(ID, verified(U1, DFW), verified(U2, DFW), new WarmResult(ID, U2, ATL, "br", Outcome.FAILURE, 200, "Miss from cloudfront", ATL, 9, 4, 1,
                "not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store)", 8, "3", noStore, WarmResult.Verification.NOT_CACHED,
                new WarmResult.Answer(200, "Miss from cloudfront", null, ATL)));

        StatusReader r = fold.reader();
        StatusDetail d = r.detail(r.header(ID).orElseThrow());
        assertEquals(new StatusDetail.Counts(4, 3, 1, 0, 2, 1), d.tasks());
        assertEquals(List.of(new StatusDetail.PopCounts(ATL, 2, 1, 1, 0, 0, 1), new StatusDetail.PopCounts(DFW, 2, 2, 0, 0, 2, 0)), d.pops());
        assertEquals(List.of(new StatusDetail.Uncacheable(U2, "Cache-Control", "no-store")), d.uncacheable());
        assertEquals(JobStatus.FAILED, fold.events.readValue().status());
        List<String> report = report();
        assertEquals(U1 + ",ATL56-C1,br,SUCCESS,200,1,Hit from cloudfront,ATL56-C1,9,4,,,,,,,,", report.get(1), "the old outcome, no verification columns");
        assertEquals(U1 + ",DFW55-C3,br,SUCCESS,200,1,Miss from cloudfront,DFW55-C3,9,4,,0,VERIFIED,200,Hit from cloudfront,1,DFW55-C3,", report.get(2));
        assertEquals(U2 + ",ATL56-C1,br,FAILURE,200,1,Miss from cloudfront,ATL56-C1,9,4,"
                + "not cached after warming (X-Cache: Miss from cloudfront; Cache-Control: no-store),3,NOT_CACHED,200,Miss from cloudfront,,ATL56-C1,"
                + "Cache-Control: no-store", report.get(3));
    }

    private static WarmResult verified(String url, String pop) {
        return new WarmResult(ID, url, pop, "br", Outcome.SUCCESS, 200, "Miss from cloudfront", pop, 9, 4, 1, null, 8, "0", null,
                WarmResult.Verification.VERIFIED, new WarmResult.Answer(200, "Hit from cloudfront", "1", pop));
    }
}
