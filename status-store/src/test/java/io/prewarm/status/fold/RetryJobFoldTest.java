package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.TaskId;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusDetail;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A retry job, whose chunks each have their own targets: every URL has exactly its own tasks (so
 * counts, per-PoP totals and the report are exact), and a chunk delivered twice counts once.
 */
class RetryJobFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "retry-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final String U3 = "https://a.example/3";
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final PrewarmRequest SETTINGS = new PrewarmRequest(List.of(), null, "https", "pop", List.of(ATL, DFW), null, null, null,
            null, null, null, null, "orig-1");
    /** U1 and U2 failed at both PoPs in the default variant. */
    private static final Job BOTH_POPS = chunk(0, List.of(U1, U2), List.of(ATL, DFW), List.of("gzip"));
    /** U1 and U3 failed at ATL in br. */
    private static final Job ATL_BR = chunk(1, List.of(U1, U3), List.of(ATL), List.of("br"));

    private StatusDriver fold;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, StatusTopology.Settings.DEFAULT);
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    private static Job chunk(int index, List<String> urls, List<String> pops, List<String> encodings) {
        return new Job(ID, urls, pops, encodings, 0, 10_000_000, null, index, 2, SETTINGS, 0);
    }

    private static WarmResult ok(String url, String pop, String variant) {
        return new WarmResult(ID, url, pop, variant, Outcome.SUCCESS, 200, null, pop, 1, 1, 1, null, 1);
    }

    private JobHeader header() {
        return fold.reader().header(ID).orElseThrow();
    }

    private StatusView status() {
        return fold.reader().view(header(), 0, true, StatusReader.Page.ALL);
    }

    @Test
    void everyUrlHasItsOwnTasksAndTheJobCompletesWithExactCounts() {
        fold.jobs.pipeInput(ID, BOTH_POPS);
        fold.jobs.pipeInput(ID, ATL_BR);

        StatusDetail d = fold.reader().detail(header());
        assertEquals(3, status().total());
        assertEquals(new StatusDetail.Counts(6, 0, 0, 6), d.tasks());
        assertEquals(List.of(new StatusDetail.PopCounts(ATL, 4, 0, 0, 4), new StatusDetail.PopCounts(DFW, 2, 0, 0, 2)), d.pops());
        assertEquals("orig-1", d.retryOf());

        fold.send(ID, ok(U2, ATL, "gzip"), ok(U2, DFW, "gzip"), ok(U2, ATL, "br"), ok(U3, ATL, "br"), ok(U3, DFW, "gzip"));
        assertEquals(List.of(U2, U3), status().successUrl());
        assertEquals(3, fold.reader().detail(header()).tasks().succeeded(), "tasks the URL does not have are not counted");

        fold.send(ID, ok(U1, ATL, "gzip"), ok(U1, DFW, "gzip"));
        assertEquals(List.of(U1), status().inProgressUrl(), "U1 still has its br task at ATL");
        fold.send(ID, ok(U1, ATL, "br"));

        StatusView s = status();
        assertEquals(JobStatus.COMPLETED, s.status());
        assertEquals(3, s.completed());
        assertEquals(new StatusDetail.Counts(6, 6, 0, 0), fold.reader().detail(header()).tasks());
        assertEquals(JobStatus.COMPLETED, fold.events.readValue().status());
    }

    @Test
    void aUrlDoneWithOneChunksTasksIsUnfinishedAgainWhenAnotherChunkGivesItMore() {
        fold.jobs.pipeInput(ID, BOTH_POPS);
        fold.send(ID, ok(U1, ATL, "gzip"), ok(U1, DFW, "gzip"));
        assertEquals(1, status().completed());

        fold.jobs.pipeInput(ID, ATL_BR);

        assertEquals(0, status().completed());
        assertEquals(List.of(U1, U2, U3), status().inProgressUrl());
    }

    @Test
    void chunksDeliveredAgainCountOnce() {
        fold.jobs.pipeInput(ID, BOTH_POPS);
        fold.jobs.pipeInput(ID, ATL_BR);
        fold.jobs.pipeInput(ID, BOTH_POPS);
        fold.jobs.pipeInput(ID, ATL_BR);

        assertEquals(3, status().total());
        assertEquals(6, fold.reader().detail(header()).tasks().total());
    }

    @Test
    void theReportListsEachUrlsOwnTasksOnly() throws Exception {
        fold.jobs.pipeInput(ID, BOTH_POPS);
        fold.jobs.pipeInput(ID, ATL_BR);
        fold.send(ID, ok(U3, ATL, "br"));

        StringWriter out = new StringWriter();
        fold.reader().report(header(), out);
        List<String> lines = Arrays.asList(out.toString().split("\r\n"));
        assertEquals(List.of(
                        "https://a.example/1,ATL56-C1,gzip,PENDING,,,,,,,,,,,,,,", "https://a.example/1,ATL56-C1,br,PENDING,,,,,,,,,,,,,,",
                        "https://a.example/1,DFW55-C3,gzip,PENDING,,,,,,,,,,,,,,",
                        "https://a.example/2,ATL56-C1,gzip,PENDING,,,,,,,,,,,,,,", "https://a.example/2,DFW55-C3,gzip,PENDING,,,,,,,,,,,,,,",
                        "https://a.example/3,ATL56-C1,br,SUCCESS,200,1,,ATL56-C1,1,1,,,,,,,,"),
                lines.subList(1, lines.size()));
    }

    @Test
    void anOrdinaryJobKeepsNoGroupsAndItsUrlsNoTaskCounts() {
        Job plain = new Job("plain", List.of(U1), List.of(ATL), null, 0, 10, null);
        fold.jobs.pipeInput("plain", plain);

        JobHeader h = fold.reader().header("plain").orElseThrow();
        assertNull(h.groups());
        assertNull(h.retryOf());
        assertEquals(new UrlState(true, 0, 0, 0), fold.store(StatusStores.URLS).get(TaskId.urlStoreKey("plain", U1)));
    }
}
