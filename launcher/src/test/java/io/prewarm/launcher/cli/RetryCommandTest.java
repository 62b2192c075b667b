package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.detail;
import static io.prewarm.launcher.cli.FakeServer.job;
import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./prewarm retry ID} against a scripted server: the new job's id first, then followed like {@code submit}. */
class RetryCommandTest {
    private static final String STARTED = "{\"requestID\":\"job-2\",\"retryOf\":\"job-1\",\"urls\":2,\"tasks\":3}";
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run retry(String... args) {
        return CliRunner.against(server, "", "retry", args);
    }

    @Test
    void theNewJobsIdComesFirstThenItIsFollowedToItsEndAndItsOutcomeIsTheExitCode() {
        server.retries(c -> ok(STARTED)).polls(ok(job("IN_PROGRESS", 2, 1)), ok(job("COMPLETED", 2, 2)))
                .reads(c -> ok(detail("COMPLETED", 2).replace("\"detail\":{", "\"detail\":{\"retryOf\":\"job-1\",")));

        CliRunner.Run run = retry("job-1");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("job-2", run.firstLine());
        assertTrue(run.err().contains("job job-2 retries the 3 failed tasks (2 URLs) of job job-1"), run.err());
        assertTrue(run.out().contains("retry of   job-1") && run.out().contains("status     COMPLETED"), run.out());
        assertEquals("job-1", server.calls("POST", "/prewarm/retry").get(0).query().get("requestID"));
        assertTrue(server.calls("GET", "/status").stream().allMatch(c -> "job-2".equals(c.query().get("requestID"))), "follows the new job");
    }

    @Test
    void aRetryThatFailsAgainExits1() {
        server.retries(c -> ok(STARTED)).polls(ok(job("FAILED", 2, 2))).reads(c -> ok(detail("FAILED", 2)));

        assertEquals(Exit.FAILED, retry("job-1").code());
    }

    @Test
    void noFollowPrintsTheNewIdAndPollsNothing() {
        server.retries(c -> ok(STARTED));

        CliRunner.Run run = retry("--no-follow", "job-1");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("job-2\n", run.out().replace("\r\n", "\n"));
        assertEquals(1, server.calls.size());
    }

    @Test
    void aJobStillRunningOrWithoutFailuresExits5WithTheServersMessage() {
        server.retries(c -> new FakeServer.Reply(409, "{\"message\":\"requestID: job job-1 has no failed tasks to retry\"}"));

        CliRunner.Run run = retry("job-1");

        assertEquals(Exit.CONFLICT, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("HTTP 409): requestID: job job-1 has no failed tasks to retry"), run.err());
    }

    @Test
    void anUnknownJobExits67() {
        server.retries(c -> new FakeServer.Reply(404, "{\"message\":\"requestID: no prewarm request nope is known\"}"));

        assertEquals(Exit.UNKNOWN_JOB, retry("nope").code());
    }

    @Test
    void a503IsNotRepeatedSinceEachPostMakesAJob() {
        server.retries(c -> new FakeServer.Reply(503, "{\"message\":\"Kafka is unreachable\"}"));

        CliRunner.Run run = retry("job-1");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertTrue(run.err().contains("(HTTP 503: Kafka is unreachable); no job was made, so retrying again is safe"), run.err());
        assertEquals(1, server.calls.size());
    }
}
