package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Json;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ./prewarm cancel ID} against a scripted server: what it sends, what it prints, how each answer exits. */
class CancelCommandTest {
    private static final String CANCELLED = "{\"requestID\":\"job-7\",\"status\":\"CANCELLED\",\"total\":10,\"completed\":4,\"inProgress\":6,"
            + "\"failedUrl\":[\"http://a.example/3\"],\"inProgressUrl\":[\"http://a.example/5\",\"http://a.example/6\"]}";
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run cancel(String... args) {
        return CliRunner.against(server, "", "cancel", args);
    }

    @Test
    void aRunningJobIsCancelledWithOneDeleteAndItsCountsPrintedAndExits0() {
        server.cancels(c -> ok(CANCELLED));

        CliRunner.Run run = CliRunner.run("", Map.of("PREWARM_API_KEY", "k"), "cancel", "--server", server.url(), "job-7");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("requestID  job-7\nstatus     CANCELLED\nURLs       4/10 done, 1 failed, 6 not warmed\n", run.out().replace("\r\n", "\n"));
        assertEquals(1, server.calls.size(), server.calls.toString());
        FakeServer.Call call = server.calls("DELETE", "/prewarm").get(0);
        assertEquals("job-7", call.query().get("requestID"));
        assertEquals("k", call.headers().get("x-api-key"));
    }

    @Test
    void jsonPrintsTheServersAnswerAsIs() throws Exception {
        server.cancels(c -> ok(CANCELLED));

        CliRunner.Run run = cancel("job-7", "--json");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals(Json.MAPPER.readTree(CANCELLED), Json.MAPPER.readTree(run.out()));
    }

    @Test
    void aJobThatAlreadyEndedOtherwiseExits5WithTheServersMessage() {
        server.cancels(c -> new FakeServer.Reply(409, "{\"message\":\"requestID: job job-7 already ended COMPLETED; there is nothing to cancel\"}"));

        CliRunner.Run run = cancel("job-7");

        assertEquals(Exit.CONFLICT, run.code());
        assertEquals("", run.out());
        assertTrue(run.err().contains("HTTP 409): requestID: job job-7 already ended COMPLETED; there is nothing to cancel"), run.err());
    }

    @Test
    void anUnknownJobExits67() {
        server.cancels(c -> new FakeServer.Reply(404, "{\"message\":\"requestID: no prewarm request nope is known\"}"));

        CliRunner.Run run = cancel("nope");

        assertEquals(Exit.UNKNOWN_JOB, run.code());
        assertTrue(run.err().contains("HTTP 404): requestID: no prewarm request nope is known"), run.err());
        assertEquals(1, server.calls.size());
    }

    @Test
    void a503IsAskedAgainSinceACancelIsIdempotent() {
        AtomicInteger calls = new AtomicInteger();
        server.cancels(c -> calls.incrementAndGet() == 1 ? new FakeServer.Reply(503, "{\"message\":\"requestID: the cancel is not applied yet\"}")
                : ok(CANCELLED));

        CliRunner.Run run = cancel("job-7");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals(2, server.calls("DELETE", "/prewarm").size());
    }

    @Test
    void a503ThatLastsLongerThanTheRetryWindowExits69SayingCancellingAgainIsSafe() {
        server.cancels(c -> new FakeServer.Reply(503, "{\"message\":\"Kafka is unreachable\"}"));

        CliRunner.Run run = cancel("job-7");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertTrue(run.err().contains("could not cancel job job-7 now (HTTP 503: Kafka is unreachable); cancelling again is safe"), run.err());
        assertTrue(server.calls.size() > 1, "asked again within the window: " + server.calls.size());
    }

    @Test
    void anAnswerThatIsNotCancelledIsNotTakenForSuccess() {
        server.cancels(c -> ok(CANCELLED.replace("CANCELLED", "COMPLETED")));

        CliRunner.Run run = cancel("job-7");

        assertEquals(Exit.UNAVAILABLE, run.code());
        assertTrue(run.err().contains("answered the cancel with status 'COMPLETED'"), run.err());
    }
}
