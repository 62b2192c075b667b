package io.prewarm.status.query;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.RESULTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.fold.StatusStores;
import io.prewarm.status.fold.StatusTopology;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing behind {@code GET /jobs}: one store's newest headers, and the merge of several instances' lists. */
class RecentJobsTest {
    /** The driver's stores live here, not under the OS temp dir (see BuildDirTempDirs). */
    @TempDir
    Path stateDir;

    private static final long FAR = 10_000_000;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Job> jobs;
    private TestInputTopic<String, ResultBatch> results;

    @BeforeEach
    void setUp() {
        driver = new TopologyTestDriver(StatusTopology.build(StatusTopology.Settings.DEFAULT), stateDirIn(stateDir), Instant.ofEpochMilli(0));
        jobs = driver.createInputTopic(JOBS.name(), JOBS.keySerde().serializer(), JOBS.valueSerde().serializer());
        results = driver.createInputTopic(RESULTS.name(), RESULTS.keySerde().serializer(), RESULTS.valueSerde().serializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void submit(String id, long createdAt) {
        jobs.pipeInput(id, new Job(id, List.of("https://a.example/1"), List.of("ATL56-C1"), null, createdAt, FAR, null));
    }

    private List<JobSummary> newest(int limit) {
        KeyValueStore<String, JobHeader> headers = driver.getKeyValueStore(StatusStores.HEADERS.name());
        try (KeyValueIterator<String, JobHeader> it = headers.all()) {
            return RecentJobs.newest(it, 1_000, limit);
        }
    }

    private static JobSummary summary(String id, long createdAt, int completed, Long finishedAt) {
        return new JobSummary(id, finishedAt == null ? JobStatus.IN_PROGRESS : JobStatus.COMPLETED, 2, completed, 0, createdAt, finishedAt);
    }

    @Test
    void localListingKeepsTheNewestJobsNewestFirstWithTheirCounts() {
        submit("job-b", 300);
        submit("job-a", 100);
        submit("job-d", 400);
        submit("job-c", 200);
        results.pipeInput("job-d", new ResultBatch("job-d", List.of(new WarmResult("job-d", "https://a.example/1", "ATL56-C1",
                Task.DEFAULT_ACCEPT_ENCODING, Outcome.FAILURE, 404, null, null, 0, 5, 1, "HTTP 404", 1))));

        List<JobSummary> listed = newest(3);

        assertEquals(List.of("job-d", "job-b", "job-c"), listed.stream().map(JobSummary::requestID).toList());
        JobSummary d = listed.get(0);
        assertEquals(JobStatus.FAILED, d.status());
        assertEquals(1, d.completed());
        assertEquals(1, d.failed());
        assertEquals(JobStatus.IN_PROGRESS, listed.get(1).status());
        assertNull(listed.get(1).finishedAt(), "no finishedAt while the job runs");
    }

    @Test
    void mergeListsEachJobOnceNewestFirstUpToTheLimit() {
        List<JobSummary> one = List.of(summary("j5", 500, 0, null), summary("j3", 300, 0, null), summary("j1", 100, 0, null));
        List<JobSummary> two = List.of(summary("j4", 400, 0, null), summary("j2", 200, 0, null));

        List<JobSummary> merged = RecentJobs.merge(List.of(one, two, List.of()), 4);

        assertEquals(List.of("j5", "j4", "j3", "j2"), merged.stream().map(JobSummary::requestID).toList());
    }

    @Test
    void aJobListedByTwoInstancesDuringARebalanceKeepsTheCopyFurthestAlong() {
        List<JobSummary> oldOwner = List.of(summary("j1", 100, 2, 900L), summary("j2", 200, 1, null));
        List<JobSummary> newOwner = List.of(summary("j1", 100, 1, null), summary("j2", 200, 2, null));

        List<JobSummary> merged = RecentJobs.merge(List.of(oldOwner, newOwner), 10);

        assertEquals(2, merged.size());
        assertEquals(900L, merged.get(1).finishedAt(), "a finished copy wins over an unfinished one");
        assertEquals(2, merged.get(0).completed(), "otherwise the copy with more done URLs wins");
    }

    @Test
    void jobsCreatedAtTheSameMomentAreOrderedByRequestIdEverywhere() {
        List<JobSummary> merged = RecentJobs.merge(List.of(List.of(summary("zz", 100, 0, null)), List.of(summary("aa", 100, 0, null))), 10);

        assertEquals(List.of("aa", "zz"), merged.stream().map(JobSummary::requestID).toList());
    }

    @Test
    void theListAlwaysHasItsJobsFieldAndNamesOnlyInstancesThatDidNotAnswer() throws Exception {
        assertEquals("{\"jobs\":[]}", Json.MAPPER.writeValueAsString(new JobList(List.of(), List.of())));
        assertEquals("{\"jobs\":[{\"requestID\":\"j1\",\"status\":\"IN_PROGRESS\",\"total\":2,\"completed\":0,\"failed\":0,\"createdAt\":100}],"
                + "\"unanswered\":[\"10.0.0.2:8080\"]}",
                Json.MAPPER.writeValueAsString(new JobList(List.of(summary("j1", 100, 0, null)), List.of("10.0.0.2:8080"))));
    }

    private static Properties stateDirIn(Path dir) {
        Properties props = new Properties();
        props.put("state.dir", dir.toString());
        return props;
    }
}
