package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.detail;
import static io.prewarm.launcher.cli.FakeServer.job;
import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Following a job: what a healthy deployment does on its own is waited out (as long as it asks), what it never does ends the command. */
class FollowTest {
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run submit(String stdin, String... args) {
        return CliRunner.against(server, stdin, "submit", args);
    }

    @Test
    void a503IsWaitedOut() {
        server.polls(new FakeServer.Reply(503, "{\"message\":\"starting\"}"), ok(job("COMPLETED", 1, 1))).reads(c -> ok(detail("COMPLETED", 1)));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertTrue(run.err().contains("waiting: HTTP 503: starting"), run.err());
    }

    @Test
    void a503IsAskedAgainOnlyAfterItsRetryAfter() {
        server.polls(new FakeServer.Reply(503, "{\"message\":\"status store catching up\"}").retryAfter(1), ok(job("COMPLETED", 1, 1)))
                .reads(c -> ok(detail("COMPLETED", 1)));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        List<Long> polls = server.calls.stream().filter(c -> "1".equals(c.query().get("limit")) && !c.query().containsKey("detail"))
                .map(FakeServer.Call::at).toList();
        assertEquals(2, polls.size(), server.calls.toString());
        assertTrue(polls.get(1) - polls.get(0) >= 950, "Retry-After: 1 waited, not the 5 ms poll: " + (polls.get(1) - polls.get(0)) + " ms");
    }

    @Test
    void aJobTheServerDoesNotKnowEndsAsUnavailableAtTheFirst404() {
        server.polls(new FakeServer.Reply(404, "{\"message\":\"requestID: no prewarm request job-1 is known\"}"));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertEquals("job-1", run.firstLine());
        assertTrue(run.err().contains("does not know job job-1: requestID: no prewarm request job-1 is known"), run.err());
        assertEquals(2, server.calls.size(), "POST and one poll, no waiting for the job to appear: " + server.calls);
    }

    @Test
    void aCancelledJobEndsTheFollowWithItsOwnExitCode() {
        server.polls(ok(job("IN_PROGRESS", 4, 1)), ok(job("CANCELLED", 4, 1)))
                .reads(c -> ok(detail("CANCELLED", 4).replace("\"completed\":4,\"inProgress\":0", "\"completed\":1,\"inProgress\":3")));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.CANCELLED, run.code(), run.err());
        assertTrue(run.out().contains("status     CANCELLED"), run.out());
        assertTrue(run.out().contains("URLs       1/4 done, 0 failed, 3 not done"), run.out());
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        server.polls(ok(job("IN_PROGRESS", 4, 1)), ok(job("IN_PROGRESS", 4, 3)), ok(job("COMPLETED", 4, 4))).reads(c -> ok(detail("COMPLETED", 4)));

        CliRunner.Run run = CliRunner.run("http://a.example/1\n", Map.of(), true, "submit", "--server", server.url(), "--region", "us", "-");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        String bars = run.err().substring(run.err().indexOf('\r'));
        assertTrue(bars.contains("\r[#######-") && bars.contains("\r[######################") && bars.contains("100%  4/4 URLs  COMPLETED"), bars);
        assertEquals(1, bars.split("\n", -1).length - 1, "one line, redrawn: " + bars);
        assertTrue(bars.endsWith("\n"), "the cursor is left on a fresh line");
    }

    @Test
    void aStatusUnreadableForLongerThanTheRetryWindowGivesUpSayingTheJobGoesOn() {
        server.polls(ok(job("IN_PROGRESS", 2, 1)), new FakeServer.Reply(503, "{\"message\":\"status store rebalancing\"}"));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertTrue(run.err().contains("without a status: HTTP 503: status store rebalancing"), run.err());
        assertTrue(run.err().contains("./prewarm status job-1 shows it later"), run.err());
    }

    @Test
    void aJobThatDisappearsAfterBeingSeenEndsAsUnavailableAtOnce() {
        server.polls(ok(job("IN_PROGRESS", 2, 1)), new FakeServer.Reply(404, "{\"message\":\"requestID: unknown\"}"));

        CliRunner.Run run = submit("http://a.example/1\n", "--region", "us", "-");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertEquals(3, server.calls.size(), "POST, one good poll, one 404: " + server.calls);
    }
}
