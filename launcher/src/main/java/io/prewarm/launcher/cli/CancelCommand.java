package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import java.util.List;
import java.util.Set;

/**
 * {@code ./prewarm cancel ID}: stops a running job ({@code DELETE /prewarm}); warmers send none of
 * its remaining tasks, the ones in flight finish. A cancel is idempotent on the server, so a 503
 * (Kafka away, or the cancel not applied yet) is asked again after its {@code Retry-After}, and a
 * job cancelled before answers as cancelled again. Exit 0 when the job is CANCELLED,
 * {@link Exit#CONFLICT} when it had already ended otherwise, {@link Exit#UNKNOWN_JOB} for an unknown id.
 */
final class CancelCommand {
    static final String USAGE = "./prewarm cancel ID [--json] [--server URL] [--api-key KEY]";
    private static final Set<String> VALUED = Set.of("--server", "--api-key");
    private static final Set<String> FLAGS = Set.of("--json");

    private CancelCommand() {
    }

    static int run(List<String> argv, CliIo io) {
        Args args = Args.parse(argv, VALUED, FLAGS);
        String id = StatusCommand.requestId(args);
        StatusClient client = StatusClient.from(args, io.env());
        StatusClient.Answer a = StatusClient.untilNot503(() -> client.cancel(id), io.pacing());
        if (a.code() == 503) {
            throw new CliError(Exit.UNAVAILABLE, "the server could not cancel job " + id + " now (HTTP 503: " + a.message()
                    + "); cancelling again is safe");
        }
        JsonNode answer = StatusClient.expectOk(a);
        if (!JobStatus.CANCELLED.name().equals(answer.path("status").asText())) {
            throw new CliError(Exit.UNAVAILABLE, "the server answered the cancel with status '" + answer.path("status").asText() + "': " + a.body());
        }
        if (args.flag("--json")) {
            io.out().println(a.body());
        } else {
            int total = answer.path("total").asInt();
            io.out().printf("requestID  %s%n", id);
            io.out().printf("status     %s%n", JobStatus.CANCELLED);
            io.out().printf("URLs       %d/%d done, %d failed, %d not warmed%n", answer.path("completed").asInt(), total,
                    answer.path("failedUrl").size(), answer.path("inProgress").asInt());
        }
        io.out().flush();
        return Exit.COMPLETED;
    }
}
