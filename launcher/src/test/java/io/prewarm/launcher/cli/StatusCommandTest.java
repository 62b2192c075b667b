package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ./prewarm status ID} against a scripted server: the human summary, {@code --json}, exit codes. */
class StatusCommandTest {
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String answer(String status, int completed) {
        return "{\"status\":\"" + status + "\",\"total\":4,\"completed\":" + completed + ",\"inProgress\":" + (4 - completed)
                + ",\"failedUrl\":[],\"inProgressUrl\":[],\"detail\":{\"tasks\":{\"total\":8,\"succeeded\":5,\"failed\":1,\"pending\":2},"
                + "\"pops\":[{\"pop\":\"ATL56-C1\",\"total\":4,\"succeeded\":4,\"failed\":0,\"pending\":0},"
                + "{\"pop\":\"DFW55-C3\",\"total\":4,\"succeeded\":1,\"failed\":1,\"pending\":2}],"
                + "\"failures\":[{\"url\":\"http://a.example/x\",\"pop\":\"DFW55-C3\",\"httpStatus\":503,\"reason\":\"HTTP 503\",\"attempts\":3}]}}";
    }

    private CliRunner.Run status(String... args) {
        return CliRunner.against(server, "", "status", args);
    }

    @Test
    void aRunningJobShowsBarCountsAndThePerPopTableAndExits3() {
        server.reads(c -> ok(answer("IN_PROGRESS", 2)));

        CliRunner.Run run = status("job-7");

        assertEquals(Exit.IN_PROGRESS, run.code(), run.err());
        assertTrue(run.out().contains("requestID  job-7"), run.out());
        assertTrue(run.out().contains("progress   [###############---------------]  50%  2/4 URLs  IN_PROGRESS"), run.out());
        assertTrue(run.out().contains("tasks      5 succeeded, 1 failed, 2 pending (of 8, at 2 PoPs)"), run.out());
        String table = run.out().substring(run.out().indexOf("PoP ")).replaceAll(" +", " ");
        assertTrue(table.startsWith("PoP tasks succeeded failed pending\nDFW55-C3 4 1 1 2\nATL56-C1 4 4 0 0\n"), "PoPs with failures first: " + table);
        assertTrue(run.out().contains("DFW55-C3   HTTP 503  http://a.example/x"), run.out());
        assertTrue(server.calls.stream().allMatch(c -> "job-7".equals(c.query().get("requestID"))));
    }

    @ParameterizedTest
    @CsvSource({"COMPLETED, 0", "FAILED, 1", "TIMEOUT, 2", "IN_PROGRESS, 3", "CANCELLED, 4"})
    void theExitCodeIsTheJobsStatus(String status, int code) {
        server.reads(c -> ok(answer(status, 4)));

        assertEquals(code, status("job-7").code());
        assertEquals(code, status("job-7", "--json").code());
    }

    @Test
    void jsonPrintsTheServersAnswerAsIs() {
        String body = answer("FAILED", 4);
        server.reads(c -> ok(body));

        CliRunner.Run run = status("--json", "job-7");

        assertEquals(body + "\n", run.out().replace("\r\n", "\n"));
        assertEquals("true", server.calls.get(0).query().get("detail"));
    }

    @Test
    void anUnknownIdExits67WithTheServersMessage() {
        server.reads(c -> new FakeServer.Reply(404, "{\"message\":\"requestID: no prewarm request nope is known\"}"));

        CliRunner.Run run = status("nope");

        assertEquals(Exit.UNKNOWN_JOB, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("requestID: no prewarm request nope is known"), run.err());
    }

    @Test
    void aCancelledRetryShowsWhatItRetriesWhenItWasCancelledItsWebhookAndHowToRetryItsFailures() {
        String detail = answer("CANCELLED", 2).replace("\"detail\":{", "\"detail\":{\"retryOf\":\"job-6\",\"cancelledAt\":1795000000000,"
                + "\"webhook\":{\"url\":\"https://hooks.example.com/prewarm\",\"deliveryId\":\"d-1\",\"state\":\"PENDING\",\"attempts\":2,"
                + "\"lastStatus\":500,\"nextAttemptAt\":1795000060000},");
        server.reads(c -> ok(detail));

        CliRunner.Run run = status("job-7");

        assertEquals(Exit.CANCELLED, run.code(), run.err());
        assertTrue(run.out().contains("status     CANCELLED"), run.out());
        assertTrue(run.out().contains("retry of   job-6"), run.out());
        assertTrue(run.out().contains("cancelled  at 2026-11-18T"), run.out());
        assertTrue(run.out().contains("webhook    PENDING to https://hooks.example.com/prewarm (2 attempts, last HTTP 500, next at 2026-11-18T"), run.out());
        assertTrue(run.out().contains("retry      ./prewarm retry job-7  (warms the 1 failed task again)"), run.out());
    }

    @Test
    void aRunningJobSuggestsNoRetryAndADeliveredWebhookShowsNoError() {
        server.reads(c -> ok(answer("IN_PROGRESS", 2).replace("\"detail\":{", "\"detail\":{\"webhook\":{\"url\":\"https://h.example/\","
                + "\"deliveryId\":\"d-1\",\"state\":\"DELIVERED\",\"attempts\":1,\"lastStatus\":204,\"deliveredAt\":1795000060000},")));

        CliRunner.Run run = status("job-7");

        assertTrue(run.out().contains("webhook    DELIVERED to https://h.example/ (1 attempt)\n"), run.out());
        assertFalse(run.out().contains("./prewarm retry"), run.out());
    }

    @Test
    void aStatusStoreStillStartingIsWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        server.reads(c -> calls.incrementAndGet() <= 2 ? new FakeServer.Reply(503, "{\"message\":\"starting\"}") : ok(answer("COMPLETED", 4)));

        CliRunner.Run run = status("job-7", "--json");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals(3, calls.get());
    }

    @Test
    void aWrongApiKeyIsRefusedWithTheServersMessage() {
        server.reads(c -> new FakeServer.Reply(403, "{\"message\":\"x-api-key: missing or not a valid API key\"}"));

        CliRunner.Run run = status("job-7", "--api-key", "wrong");

        assertEquals(Exit.REFUSED, run.code());
        assertEquals("wrong", server.calls.get(0).headers().get("x-api-key"));
        assertTrue(run.err().contains("HTTP 403): x-api-key: missing or not a valid API key"), run.err());
    }
}
