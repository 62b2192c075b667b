package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * {@code ./prewarm retry ID}: warms again exactly the tasks (URL x PoP x variant) that failed in
 * a finished job, as a new job with the same settings ({@code POST /prewarm/retry}). It prints the
 * new requestID as stdout's first line and follows it like {@code submit} does; the exit code is
 * the new job's outcome. A 503 is not asked again: each POST makes a new job, and a 503 means none
 * was made, so running the command again is what is safe.
 */
final class RetryCommand {
    static final String USAGE = "./prewarm retry ID [--no-follow] [--server URL] [--api-key KEY]";
    private static final Set<String> VALUED = Set.of("--server", "--api-key");
    private static final Set<String> FLAGS = Set.of("--no-follow");

    private RetryCommand() {
    }

    static int run(List<String> argv, CliIo io) {
        Args args = Args.parse(argv, VALUED, FLAGS);
        String original = StatusCommand.requestId(args);
        StatusClient client = StatusClient.from(args, io.env());
        StatusClient.Answer a = client.retry(original);
        if (a.code() == 503) {
            throw new CliError(Exit.UNAVAILABLE, "the server could not start the retry now (HTTP 503: " + a.message()
                    + "); no job was made, so retrying again is safe");
        }
        JsonNode started = StatusClient.expectOk(a);
        if (!started.path("requestID").isTextual()) {
            throw new CliError(Exit.UNAVAILABLE, "the server started the retry but sent no requestID: " + a.body());
        }
        String id = started.path("requestID").asText();
        io.out().println(id);
        io.out().flush();
        if (args.flag("--no-follow")) {
            return Exit.COMPLETED;
        }
        long urls = started.path("urls").asLong();
        long tasks = started.path("tasks").asLong();
        io.err().printf("prewarm: job %s retries the %d failed task%s (%d URL%s) of job %s; following it on %s; "
                        + "Ctrl-C stops following, not the job%n", id, tasks, tasks == 1 ? "" : "s", urls, urls == 1 ? "" : "s", original,
                client.server());
        return Follower.toTheEnd(client, io, id);
    }
}
