package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.prewarm.contract.Job;
import io.prewarm.status.fold.JobHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of looks and waits before a job is called unknown, on a fake store and fake offsets. */
class JobLookupTest {
    private static final JobHeader HEADER = JobHeader.from(new Job("r1", List.of("https://a.example/1"), List.of("ATL56-C1"), null, 0, 10, null));

    private final List<String> steps = new ArrayList<>();
    /** The header appears once this step has happened; null: never. */
    private String appearsAfter;
    private boolean jobsInTime = true;
    private boolean expanderInTime = true;

    private final WrittenBefore written = new WrittenBefore() {
        @Override
        public boolean awaitJobs(int partition, long deadlineNanos) {
            steps.add("jobs " + partition);
            return jobsInTime;
        }

        @Override
        public boolean awaitExpander(long deadlineNanos) {
            steps.add("expander");
            return expanderInTime;
        }
    };

    private JobLookup.Result find() {
        return JobLookup.find(() -> {
            steps.add("look");
            return appearsAfter != null && (appearsAfter.isEmpty() || steps.contains(appearsAfter)) ? Optional.of(HEADER) : Optional.empty();
        }, 2, written, 0);
    }

    @Test
    void aStoredJobIsFoundWithoutWaiting() {
        appearsAfter = "";

        assertEquals(new JobLookup.Found(HEADER), find());
        assertEquals(List.of("look"), steps);
    }

    @Test
    void aJobOnItsWayThroughTheJobsTopicIsFoundOnceTheFoldReadIt() {
        appearsAfter = "jobs 2";

        assertEquals(new JobLookup.Found(HEADER), find());
        assertEquals(List.of("look", "jobs 2", "look"), steps);
    }

    @Test
    void aDirectProducersRequestIsFoundOnceTheExpanderAndThenTheFoldReadIt() {
        appearsAfter = "expander";

        assertEquals(new JobLookup.Found(HEADER), find());
        assertEquals(List.of("look", "jobs 2", "look", "expander", "jobs 2", "look"), steps);
    }

    @Test
    void aJobNobodyWroteIsUnknownOnlyAfterEveryWait() {
        assertEquals(new JobLookup.Unknown(), find());
        assertEquals(List.of("look", "jobs 2", "look", "expander", "jobs 2", "look"), steps);
    }

    @Test
    void aWaitThatRunsOutIsNotYetNeverUnknown() {
        jobsInTime = false;
        assertInstanceOf(JobLookup.NotYet.class, find());

        jobsInTime = true;
        expanderInTime = false;
        assertInstanceOf(JobLookup.NotYet.class, find());
    }
}
