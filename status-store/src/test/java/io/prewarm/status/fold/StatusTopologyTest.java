package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusTopologyTest {
    /** The driver's stores live here, not under the OS temp dir (see BuildDirTempDirs). */
    @TempDir
    Path stateDir;

    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final long DEADLINE = 1_000_000;
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final Job JOB = new Job(ID, List.of(U1, U2), POPS, null, 0, DEADLINE, null);
    private static final Duration RETENTION = Duration.ofHours(1);

    private StatusDriver fold;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Job> jobs;
    private TestOutputTopic<String, JobStatusEvent> events;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, new StatusTopology.Settings(Duration.ofSeconds(10), RETENTION, 3));
        driver = fold.driver;
        jobs = fold.jobs;
        events = fold.events;
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    private static WarmResult result(String url, String pop, Outcome outcome) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, outcome, outcome == Outcome.SUCCESS ? 200 : 503,
                "Miss from cloudfront", pop, 10, 5, 1, outcome == Outcome.SUCCESS ? null : "HTTP 503", 1);
    }

    private void send(WarmResult... batch) {
        fold.send(ID, batch);
    }

    private void succeed(String url, String pop) {
        send(result(url, pop, Outcome.SUCCESS));
    }

    private void succeedAll(Job job) {
        job.urls().forEach(u -> job.pops().forEach(p -> succeed(u, p)));
    }

    private StatusReader reader() {
        return fold.reader();
    }

    private StatusView status(long now, boolean showSuccess) {
        return reader().view(reader().header(ID).orElseThrow(), now, showSuccess, StatusReader.Page.ALL);
    }

    @Test
    void aJobWithNoResultsIsInProgressWithEveryUrlListed() {
        jobs.pipeInput(ID, JOB);

        StatusView s = status(0, false);
        assertEquals(JobStatus.IN_PROGRESS, s.status());
        assertEquals(2, s.total());
        assertEquals(0, s.completed());
        assertEquals(2, s.inProgress());
        assertEquals(List.of(U1, U2), s.inProgressUrl());
        assertNull(s.successUrl());
    }

    @Test
    void aRegistrationShowsTheWholeRequestsTotalFromItsFirstChunk() {
        jobs.pipeInput(ID, new Job(ID, List.of(U1), POPS, null, 0, DEADLINE, null, 0, 3).registering(5));

        StatusView first = status(0, false);
        assertEquals(JobStatus.IN_PROGRESS, first.status());
        assertEquals(5, first.total(), "the whole request's URLs, before its other chunks are folded");
        assertEquals(5, first.inProgress());

        jobs.pipeInput(ID, new Job(ID, List.of(U2, "https://a.example/3"), POPS, null, 0, DEADLINE, null, 1, 3).registering(5));
        jobs.pipeInput(ID, new Job(ID, List.of("https://a.example/4", "https://a.example/5"), POPS, null, 0, DEADLINE, null, 2, 3).registering(5));
        assertEquals(5, status(0, false).total());
        assertEquals(5, status(0, false).inProgressUrl().size());
    }

    @Test
    void aUrlIsDoneOnlyWhenAllItsPopsAreDone() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        succeed(U2, "ATL56-C1");

        StatusView s = status(0, true);
        assertEquals(JobStatus.IN_PROGRESS, s.status());
        assertEquals(1, s.completed());
        assertEquals(List.of(U2), s.inProgressUrl());
        assertEquals(List.of(U1), s.successUrl());
    }

    @Test
    void allTasksSucceededIsCompletedAndAnnouncedOnce() {
        jobs.pipeInput(ID, JOB);
        succeedAll(JOB);
        succeed(U1, "ATL56-C1");

        StatusView s = status(0, true);
        assertEquals(JobStatus.COMPLETED, s.status());
        assertEquals(2, s.completed());
        assertEquals(0, s.inProgress());
        assertEquals(List.of(U1, U2), s.successUrl());
        List<JobStatusEvent> announced = events.readValuesToList();
        assertEquals(1, announced.size());
        assertEquals(JobStatus.COMPLETED, announced.get(0).status());
        assertEquals(2, announced.get(0).completed());
    }

    @Test
    void oneFailedPopFailsItsUrlAndTheJob() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        succeed(U2, "ATL56-C1");
        send(result(U2, "DFW55-C3", Outcome.FAILURE));

        StatusView s = status(0, false);
        assertEquals(JobStatus.FAILED, s.status());
        assertEquals(2, s.completed());
        assertEquals(List.of(U2), s.failedUrl());
        assertEquals(JobStatus.FAILED, events.readValue().status());
    }

    @Test
    void duplicateResultDoesNotChangeCounts() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "ATL56-C1");
        send(result(U1, "ATL56-C1", Outcome.FAILURE));

        assertEquals(0, status(0, false).completed());
        succeed(U1, "DFW55-C3");
        succeed(U1, "DFW55-C3");
        StatusView s = status(0, false);
        assertEquals(1, s.completed());
        assertEquals(List.of(), s.failedUrl());
        StatusDetail d = reader().detail(reader().header(ID).orElseThrow());
        assertEquals(2, d.tasks().succeeded());
        assertEquals(0, d.tasks().failed());
    }

    @Test
    void resultsArrivingBeforeTheirJobAreCounted() {
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        jobs.pipeInput(ID, JOB);

        assertEquals(1, status(0, false).completed());
        assertEquals(2, reader().detail(reader().header(ID).orElseThrow()).tasks().succeeded());
    }

    @Test
    void resultsForPopsOutsideTheJobAreIgnored() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "SFO5-P1");

        assertEquals(0, status(0, false).completed());
    }

    @Test
    void aChunkedJobIsUnfinishedUntilEveryChunkArrivedAndDuplicateUrlsCountOnce() {
        jobs.pipeInput(ID, new Job(ID, List.of(U1), POPS, null, 0, DEADLINE, null, 0, 2));
        succeedAll(JOB);
        assertEquals(JobStatus.IN_PROGRESS, status(0, false).status());
        assertEquals(1, status(0, false).total());

        jobs.pipeInput(ID, new Job(ID, List.of(U1, U2), POPS, null, 0, DEADLINE, null, 1, 2));
        jobs.pipeInput(ID, new Job(ID, List.of(U1, U2), POPS, null, 0, DEADLINE, null, 1, 2));
        StatusView s = status(0, false);
        assertEquals(JobStatus.COMPLETED, s.status());
        assertEquals(2, s.total());
        assertEquals(2, s.completed());
    }

    @Test
    void unfinishedPastTheDeadlineIsTimeoutAndTheSweepAnnouncesIt() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        send(result(U2, "ATL56-C1", Outcome.SKIPPED));
        assertEquals(JobStatus.IN_PROGRESS, status(DEADLINE, false).status());
        assertTrue(events.isEmpty());

        driver.advanceWallClockTime(Duration.ofMillis(DEADLINE + 10_000));
        StatusView s = status(DEADLINE + 1, false);
        assertEquals(JobStatus.TIMEOUT, s.status());
        assertEquals(List.of(U2), s.inProgressUrl());
        JobStatusEvent e = events.readValue();
        assertEquals(JobStatus.TIMEOUT, e.status());
        assertEquals(1, e.inProgress());
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        assertTrue(events.isEmpty(), "announced once");
    }

    @Test
    void aFinishedJobIsKeptForItsRetentionThenDeleted() {
        jobs.pipeInput(ID, JOB);
        succeedAll(JOB);
        driver.advanceWallClockTime(RETENTION.minusMinutes(1));
        assertTrue(reader().header(ID).isPresent());

        for (int i = 0; i < 10; i++) {
            driver.advanceWallClockTime(Duration.ofMinutes(1));
        }
        assertTrue(reader().header(ID).isEmpty());
        for (StatusStores.Store<?> store : StatusStores.ALL) {
            try (var left = driver.<String, Object>getKeyValueStore(store.name()).all()) {
                assertTrue(!left.hasNext(), store.name() + " entries deleted too");
            }
        }
    }

    @Test
    void aUrlIsDoneOnlyWhenEveryEncodingVariantIsDone() {
        jobs.pipeInput(ID, new Job(ID, List.of(U1), List.of("ATL56-C1"), List.of("br", "gzip"), 0, DEADLINE, null));
        send(new WarmResult(ID, U1, "ATL56-C1", "br", Outcome.SUCCESS, 200, null, null, 1, 1, 1, null, 1));
        assertEquals(0, status(0, false).completed());
        send(new WarmResult(ID, U1, "ATL56-C1", "gzip", Outcome.SUCCESS, 200, null, null, 1, 1, 1, null, 1));
        assertEquals(JobStatus.COMPLETED, status(0, false).status());
    }

    @Test
    void pagesWalkTheUrlListsInOrder() {
        jobs.pipeInput(ID, new Job(ID, List.of("https://a.example/c", "https://a.example/a", "https://a.example/b"), POPS, null, 0, DEADLINE, null));
        StatusReader r = reader();
        JobHeader h = r.header(ID).orElseThrow();

        StatusView first = r.view(h, 0, false, new StatusReader.Page(Optional.empty(), 2));
        assertEquals(List.of("https://a.example/a", "https://a.example/b"), first.inProgressUrl());
        assertEquals("https://a.example/b", first.nextCursor());
        StatusView second = r.view(h, 0, false, new StatusReader.Page(Optional.of(first.nextCursor()), 2));
        assertEquals(List.of("https://a.example/c"), second.inProgressUrl());
        assertNull(second.nextCursor());
        assertEquals(3, second.total());
    }

    @Test
    void detailCountsTasksPerPopAndListsEachFailure() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U2, "ATL56-C1");
        send(result(U1, "DFW55-C3", Outcome.FAILURE));

        StatusDetail d = reader().detail(reader().header(ID).orElseThrow());
        assertEquals(new StatusDetail.Counts(4, 2, 1, 1), d.tasks());
        assertEquals(List.of(new StatusDetail.PopCounts("ATL56-C1", 2, 2, 0, 0), new StatusDetail.PopCounts("DFW55-C3", 2, 0, 1, 1)), d.pops());
        assertEquals(1, d.failures().size());
        StatusDetail.Failure f = d.failures().get(0);
        assertEquals(U1, f.url());
        assertEquals("DFW55-C3", f.pop());
        assertEquals(503, f.httpStatus());
        assertEquals("HTTP 503", f.reason());
    }

    @Test
    void theReportHasOneLinePerTaskPendingOnesIncluded() throws Exception {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        send(result(U2, "DFW55-C3", Outcome.FAILURE));

        StringWriter out = new StringWriter();
        reader().report(reader().header(ID).orElseThrow(), out);
        List<String> lines = List.of(out.toString().split("\r\n"));
        assertEquals("url,pop,accept_encoding,outcome,http_status,attempts,x_cache,x_amz_cf_pop,bytes,elapsed_ms,reason,"
                + "age,verification,verify_http_status,verify_x_cache,verify_age,verify_x_amz_cf_pop,uncacheable", lines.get(0));
        assertEquals(5, lines.size());
        assertEquals("https://a.example/1,ATL56-C1,\"gzip, deflate, br\",SUCCESS,200,1,Miss from cloudfront,ATL56-C1,10,5,,,,,,,,", lines.get(1));
        assertEquals("https://a.example/1,DFW55-C3,\"gzip, deflate, br\",PENDING,,,,,,,,,,,,,,", lines.get(2));
        assertEquals("https://a.example/2,DFW55-C3,\"gzip, deflate, br\",FAILURE,503,1,Miss from cloudfront,DFW55-C3,10,5,HTTP 503,,,,,,,", lines.get(4));
    }

    @Test
    void aRejectedRequestIsFailedWithItsReasonAndAnnounced() {
        jobs.pipeInput(ID, Job.rejected(ID, 0, "region: unknown value(s) [\"mars\"]"));

        StatusView s = status(0, false);
        assertEquals(JobStatus.FAILED, s.status());
        assertEquals("region: unknown value(s) [\"mars\"]", s.error());
        assertEquals(JobStatus.FAILED, events.readValue().status());
    }
}
