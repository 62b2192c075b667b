package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancels folded: a running job ends CANCELLED at once and is announced on both topics; anything else is left as it is. */
class CancelFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "req-1";
    private static final String U1 = "https://a.example/1";
    private static final String U2 = "https://a.example/2";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final Job JOB = new Job(ID, List.of(U1, U2), POPS, null, 0, 10_000_000, null);
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

    private static WarmResult ok(String url, String pop) {
        return new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, null, pop, 1, 1, 1, null, 1);
    }

    private JobHeader header() {
        return fold.reader().header(ID).orElseThrow();
    }

    private StatusView status() {
        return fold.reader().view(header(), 0, true, StatusReader.Page.ALL);
    }

    @Test
    void aRunningJobCancelledIsCancelledAtOnceWithItsUnwarmedUrlsAndAnnouncedOnBothTopics() {
        fold.jobs.pipeInput(ID, JOB);
        fold.send(ID, ok(U1, "ATL56-C1"), ok(U1, "DFW55-C3"));

        fold.jobs.pipeInput(ID, Job.cancel(ID, 5_000));

        StatusView s = status();
        assertEquals(JobStatus.CANCELLED, s.status());
        assertEquals(List.of(U2), s.inProgressUrl());
        assertEquals(1, s.completed());
        assertEquals(5_000, header().cancelledAt());
        assertEquals(5_000, header().finishedAt());
        JobStatusEvent e = fold.events.readValue();
        assertEquals(new JobStatusEvent(ID, JobStatus.CANCELLED, 2, 1, 0, 1, 0, 5_000, null), e);
        assertEquals(List.of(e), fold.cancels.readValuesToList());
    }

    @Test
    void resultsAfterTheCancelAreCountedButTheJobStaysCancelledAndIsNotAnnouncedAgain() {
        fold.jobs.pipeInput(ID, JOB);
        fold.jobs.pipeInput(ID, Job.cancel(ID, 5_000));
        fold.events.readValuesToList();

        fold.send(ID, ok(U1, "ATL56-C1"), ok(U1, "DFW55-C3"), ok(U2, "ATL56-C1"), ok(U2, "DFW55-C3"));
        fold.jobs.pipeInput(ID, Job.cancel(ID, 6_000));

        StatusView s = status();
        assertEquals(JobStatus.CANCELLED, s.status());
        assertEquals(2, s.completed());
        assertEquals(5_000, header().cancelledAt(), "the first cancel counts");
        assertTrue(fold.events.isEmpty());
        assertEquals(1, fold.cancels.readValuesToList().size());
    }

    @Test
    void aCancelOfAnUnknownOrAlreadyFinishedJobChangesNothing() {
        fold.jobs.pipeInput(ID, Job.cancel(ID, 5_000));
        assertTrue(fold.reader().header(ID).isEmpty(), "a cancel creates no job");

        fold.jobs.pipeInput(ID, JOB);
        fold.send(ID, ok(U1, "ATL56-C1"), ok(U1, "DFW55-C3"), ok(U2, "ATL56-C1"), ok(U2, "DFW55-C3"));
        fold.jobs.pipeInput(ID, Job.cancel(ID, 6_000));

        assertEquals(JobStatus.COMPLETED, status().status());
        assertEquals(0, header().cancelledAt());
        assertEquals(List.of(JobStatus.COMPLETED), fold.events.readValuesToList().stream().map(JobStatusEvent::status).toList());
        assertTrue(fold.cancels.isEmpty());
    }

    @Test
    void aCancelIsNoChunkOfItsJob() {
        fold.jobs.pipeInput(ID, new Job(ID, List.of(U2), POPS, null, 0, 10_000_000, null, 1, 2));
        fold.jobs.pipeInput(ID, Job.cancel(ID, 5_000));
        fold.jobs.pipeInput(ID, new Job(ID, List.of(U1), POPS, null, 0, 10_000_000, null, 0, 2));

        assertEquals(2, status().total(), "chunk 0 still registers its URL");
        assertEquals(JobStatus.CANCELLED, status().status());
    }

    @Test
    void aCancelledJobIsKeptForItsRetentionFromTheCancel() {
        fold.jobs.pipeInput(ID, JOB);
        fold.jobs.pipeInput(ID, Job.cancel(ID, Duration.ofMinutes(30).toMillis()));

        fold.driver.advanceWallClockTime(RETENTION.plusMinutes(20));
        assertTrue(fold.reader().header(ID).isPresent(), "retention counts from the cancel, not from the job's creation");
        fold.driver.advanceWallClockTime(Duration.ofMinutes(20));
        assertTrue(fold.reader().header(ID).isEmpty());
    }
}
