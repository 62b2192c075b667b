package io.prewarm.status;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prewarm.contract.Job;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusTopologyTest {
    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final long DEADLINE = 1_000_000;
    private static final Job JOB = new Job(ID, List.of(U1, U2), List.of("ATL56-C1", "DFW55-C3"), null, 0, DEADLINE, null);

    private TopologyTestDriver driver;
    private TestInputTopic<String, Job> jobs;
    private TestInputTopic<String, WarmResult> results;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(StatusTopology.build(), new Properties());
        jobs = driver.createInputTopic(JOBS.name(), JOBS.keySerde().serializer(), JOBS.valueSerde().serializer());
        results = driver.createInputTopic(RESULTS.name(), RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static WarmResult result(String url, String pop, Outcome outcome) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, outcome, outcome == Outcome.SUCCESS ? 200 : 503,
                "Miss from cloudfront", pop, 10, 5, 1, outcome == Outcome.SUCCESS ? null : "HTTP 503", 1);
    }

    private void succeed(String url, String pop) {
        results.pipeInput(ID, result(url, pop, Outcome.SUCCESS));
    }

    private StatusView status(long now, boolean showSuccess) {
        KeyValueStore<String, JobState> store = driver.getKeyValueStore(StatusTopology.STORE);
        return StatusView.of(store.get(ID), now, showSuccess);
    }

    @Test
    void aJobWithNoResultsIsInProgressWithEveryUrlListed() {
        jobs.pipeInput(ID, JOB);

        StatusView s = status(0, false);
        assertEquals("IN_PROGRESS", s.status());
        assertEquals(2, s.total());
        assertEquals(0, s.completed());
        assertEquals(2, s.inProgress());
        assertEquals(List.of(U1, U2), s.inProgressUrl());
        assertNull(s.successUrl());
    }

    @Test
    void aUrlIsDoneOnlyWhenAllItsPopsAreDone() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        succeed(U2, "ATL56-C1");

        StatusView s = status(0, true);
        assertEquals("IN_PROGRESS", s.status());
        assertEquals(1, s.completed());
        assertEquals(List.of(U2), s.inProgressUrl());
        assertEquals(List.of(U1), s.successUrl());
    }

    @Test
    void allTasksSucceededIsCompleted() {
        jobs.pipeInput(ID, JOB);
        for (String url : JOB.urls()) {
            for (String pop : JOB.pops()) {
                succeed(url, pop);
            }
        }
        StatusView s = status(0, true);
        assertEquals("COMPLETED", s.status());
        assertEquals(2, s.completed());
        assertEquals(0, s.inProgress());
        assertEquals(List.of(U1, U2), s.successUrl());
    }

    @Test
    void oneFailedPopFailsItsUrlAndTheJob() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        succeed(U2, "ATL56-C1");
        results.pipeInput(ID, result(U2, "DFW55-C3", Outcome.FAILURE));

        StatusView s = status(0, false);
        assertEquals("FAILED", s.status());
        assertEquals(2, s.completed());
        assertEquals(List.of(U2), s.failedUrl());
    }

    @Test
    void duplicateResultDoesNotChangeCounts() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "ATL56-C1");
        succeed(U1, "ATL56-C1");
        results.pipeInput(ID, result(U1, "ATL56-C1", Outcome.FAILURE));

        StatusView s = status(0, false);
        assertEquals(0, s.completed());
        succeed(U1, "DFW55-C3");
        s = status(0, false);
        assertEquals(1, s.completed());
        assertEquals(List.of(), s.failedUrl());
    }

    @Test
    void resultsArrivingBeforeTheirJobAreCounted() {
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        jobs.pipeInput(ID, JOB);

        assertEquals(1, status(0, false).completed());
    }

    @Test
    void resultsForPopsOutsideTheJobAreIgnored() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "SFO5-P1");

        assertEquals(0, status(0, false).completed());
    }

    @Test
    void unfinishedPastTheDeadlineIsTimeoutWithTheUnfinishedUrls() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U1, "DFW55-C3");
        results.pipeInput(ID, result(U2, "ATL56-C1", Outcome.SKIPPED));

        StatusView s = status(DEADLINE + 1, false);
        assertEquals("TIMEOUT", s.status());
        assertEquals(List.of(U2), s.inProgressUrl());
        assertEquals("IN_PROGRESS", status(DEADLINE, false).status());
    }

    @Test
    void aUrlIsDoneOnlyWhenEveryEncodingVariantIsDone() {
        jobs.pipeInput(ID, new Job(ID, List.of(U1), List.of("ATL56-C1"), List.of("br", "gzip"), 0, DEADLINE, null));
        results.pipeInput(ID, new WarmResult(ID, U1, "ATL56-C1", "br", Outcome.SUCCESS, 200, null, null, 1, 1, 1, null, 1));
        assertEquals(0, status(0, false).completed());
        results.pipeInput(ID, new WarmResult(ID, U1, "ATL56-C1", "gzip", Outcome.SUCCESS, 200, null, null, 1, 1, 1, null, 1));
        assertEquals("COMPLETED", status(0, false).status());
    }

    @Test
    void detailCountsTasksPerPopAndListsEachFailure() {
        jobs.pipeInput(ID, JOB);
        succeed(U1, "ATL56-C1");
        succeed(U2, "ATL56-C1");
        results.pipeInput(ID, result(U1, "DFW55-C3", Outcome.FAILURE));

        StatusDetail d = StatusDetail.of(driver.<String, JobState>getKeyValueStore(StatusTopology.STORE).get(ID));
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
        results.pipeInput(ID, result(U2, "DFW55-C3", Outcome.FAILURE));

        java.io.StringWriter out = new java.io.StringWriter();
        ReportCsv.write(driver.<String, JobState>getKeyValueStore(StatusTopology.STORE).get(ID), out);
        List<String> lines = List.of(out.toString().split("\r\n"));
        assertEquals(ReportCsv.HEADER, lines.get(0));
        assertEquals(5, lines.size());
        assertEquals("https://a.example/1,ATL56-C1,\"gzip, deflate, br\",SUCCESS,200,1,Miss from cloudfront,ATL56-C1,10,5,", lines.get(1));
        assertEquals("https://a.example/1,DFW55-C3,\"gzip, deflate, br\",PENDING,,,,,,,", lines.get(2));
        assertEquals("https://a.example/2,DFW55-C3,\"gzip, deflate, br\",FAILURE,503,1,Miss from cloudfront,DFW55-C3,10,5,HTTP 503", lines.get(4));
    }

    @Test
    void csvFieldsAreQuotedAndNeverReadAsFormulas() {
        assertEquals("\"a,\"\"b\"\"\"", ReportCsv.field("a,\"b\""));
        assertEquals("'=HYPERLINK(1)", ReportCsv.field("=HYPERLINK(1)"));
        assertEquals("", ReportCsv.field(null));
    }

    @Test
    void aRejectedRequestIsFailedWithItsReason() {
        jobs.pipeInput(ID, Job.rejected(ID, 0, "region: unknown value(s) [\"mars\"]"));

        StatusView s = status(0, false);
        assertEquals("FAILED", s.status());
        assertEquals("region: unknown value(s) [\"mars\"]", s.error());
    }
}
