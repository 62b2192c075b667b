package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusDetail;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result batches folded: each task counted once however its results are batched and repeated,
 * results ahead of their chunk or job counted when it comes, and each URL of a batch written once
 * (one outcome entry per URL, no entry per task).
 */
class ResultBatchFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final String U3 = "https://a.example/3";
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final List<String> POPS = List.of(ATL, DFW);
    private static final Job JOB = new Job(ID, List.of(U1, U2, U3), POPS, null, 0, 1_000_000, null);

    private StatusDriver fold;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, StatusTopology.Settings.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    private static WarmResult ok(String url, String pop) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, "Hit from cloudfront", pop, 10, 5, 1, null, 1);
    }

    private static WarmResult failed(String url, String pop) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.FAILURE, 503, null, null, 0, 5, 3, "HTTP 503", 1);
    }

    private StatusView status() {
        StatusReader r = fold.reader();
        return r.view(r.header(ID).orElseThrow(), 0, true, StatusReader.Page.ALL);
    }

    private StatusDetail.Counts tasks() {
        StatusReader r = fold.reader();
        return r.detail(r.header(ID).orElseThrow()).tasks();
    }

    @Test
    void aBatchWithRepeatsOfOneTaskCountsItOnce() {
        fold.jobs.pipeInput(ID, JOB);
        fold.send(ID, ok(U1, ATL), failed(U1, ATL), ok(U1, ATL), ok(U1, DFW));

        StatusView s = status();
        assertEquals(1, s.completed());
        assertEquals(List.of(U1), s.successUrl());
        assertEquals(new StatusDetail.Counts(6, 2, 0, 4), tasks());
        assertTrue(fold.reader().detail(fold.reader().header(ID).orElseThrow()).failures().isEmpty(), "the repeat's failure is not kept");
    }

    @Test
    void aBatchSpanningSeveralUrlsCountsEachAndARepeatInALaterBatchChangesNothing() {
        fold.jobs.pipeInput(ID, JOB);
        fold.send(ID, ok(U1, ATL), ok(U2, ATL), ok(U1, DFW), failed(U3, ATL));
        assertEquals(1, status().completed());
        assertTrue(fold.events.isEmpty());

        fold.send(ID, failed(U1, DFW), ok(U2, DFW), ok(U3, ATL), ok(U3, DFW));

        StatusView s = status();
        assertEquals(JobStatus.FAILED, s.status());
        assertEquals(3, s.completed());
        assertEquals(List.of(U3), s.failedUrl(), "U3's first result at ATL (a failure) wins");
        assertEquals(List.of(U1, U2), s.successUrl());
        assertEquals(new StatusDetail.Counts(6, 5, 1, 0), tasks());
        List<JobStatusEvent> announced = fold.events.readValuesToList();
        assertEquals(1, announced.size());
        assertEquals(3, announced.get(0).completed());
        assertEquals(1, announced.get(0).failed());
    }

    @Test
    void resultsAheadOfTheirChunkAreCountedWhenTheChunkArrives() {
        fold.jobs.pipeInput(ID, new Job(ID, List.of(U1), POPS, null, 0, 1_000_000, null, 0, 2));
        fold.send(ID, ok(U1, ATL), ok(U2, ATL), ok(U2, DFW), ok(U2, DFW), ok(U1, DFW));
        StatusView before = status();
        assertEquals(JobStatus.IN_PROGRESS, before.status());
        assertEquals(1, before.total());
        assertEquals(1, before.completed());

        fold.jobs.pipeInput(ID, new Job(ID, List.of(U2), POPS, null, 0, 1_000_000, null, 1, 2));

        StatusView after = status();
        assertEquals(JobStatus.COMPLETED, after.status());
        assertEquals(2, after.total());
        assertEquals(2, after.completed());
        assertEquals(JobStatus.COMPLETED, fold.events.readValue().status());
        assertTrue(fold.events.isEmpty());
    }

    @Test
    void aBatchAheadOfItsJobIsCountedOnceWhenTheJobArrives() {
        fold.send(ID, ok(U1, ATL), ok(U1, ATL), ok(U1, DFW), failed(U2, ATL));
        fold.jobs.pipeInput(ID, JOB);

        StatusView s = status();
        assertEquals(1, s.completed());
        assertEquals(List.of(U2, U3), s.inProgressUrl());
        assertEquals(new StatusDetail.Counts(6, 2, 1, 3), tasks());
    }

    @Test
    void theReportOfABatchedJobHasEveryTaskInTargetOrder() throws Exception {
        fold.jobs.pipeInput(ID, new Job(ID, List.of(U1), POPS, List.of("br", "gzip"), 0, 1_000_000, null));
        fold.send(ID, variant(DFW, "gzip"), variant(ATL, "gzip"), variant(DFW, "br"));

        StringWriter out = new StringWriter();
        fold.reader().report(fold.reader().header(ID).orElseThrow(), out);

        assertEquals(List.of("url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason,"
                + "age,verification,verify_http_status,verify_x_cache,verify_age,verify_x_amz_cf_pop,uncacheable",
                U1 + ",ATL56-C1,br,PENDING,,,,,,,,,,,,,,",
                U1 + ",ATL56-C1,gzip,SUCCESS,200,1,,,7,3,,,,,,,,",
                U1 + ",DFW55-C3,br,SUCCESS,200,1,,,7,3,,,,,,,,",
                U1 + ",DFW55-C3,gzip,SUCCESS,200,1,,,7,3,,,,,,,,"), List.of(out.toString().split("\r\n")));
    }

    private static WarmResult variant(String pop, String encoding) {
        return new WarmResult(ID, U1, pop, encoding, Outcome.SUCCESS, 200, null, null, 7, 3, 1, null, 1);
    }

    @Test
    void eachUrlOfABatchIsWrittenOnceAndNoTaskHasAnEntryOfItsOwn() {
        fold.jobs.pipeInput(ID, JOB);
        StatusStores.ALL.forEach(fold::changelogRecords);

        fold.send(ID, ok(U1, ATL), ok(U1, DFW), ok(U1, ATL), ok(U2, ATL), failed(U3, ATL));
        assertEquals(3, fold.changelogRecords(StatusStores.OUTCOMES), "one outcome entry per URL of the batch");
        assertEquals(3, fold.changelogRecords(StatusStores.URLS));
        assertEquals(1, fold.changelogRecords(StatusStores.HEADERS));
        assertEquals(1, fold.changelogRecords(StatusStores.FAILURES), "failed tasks only");
        assertEquals(0, fold.changelogRecords(StatusStores.LEGACY_TASKS));

        fold.send(ID, ok(U2, DFW), ok(U1, DFW));
        assertEquals(1, fold.changelogRecords(StatusStores.OUTCOMES), "U1's repeat writes nothing");
        assertEquals(1, fold.changelogRecords(StatusStores.URLS));
        assertEquals(1, fold.changelogRecords(StatusStores.HEADERS));

        fold.send(ID, ok(U2, DFW));
        for (StatusStores.Store<?> store : StatusStores.ALL) {
            assertEquals(0, fold.changelogRecords(store), store.name() + ": a batch of repeats writes nothing");
        }
    }
}
