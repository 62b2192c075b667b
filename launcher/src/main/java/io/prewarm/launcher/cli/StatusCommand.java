package io.prewarm.launcher.cli;

import java.util.List;
import java.util.Set;

/**
 * {@code ./prewarm status ID}: one look at a job, for a person (status, progress bar, counts,
 * per-PoP table, a few failures) or with {@code --json} for a script (the server's answer as
 * is). The exit code is the job's outcome, {@link Exit#IN_PROGRESS} while it runs, so a script
 * can poll with it.
 */
final class StatusCommand {
    static final String USAGE = "./prewarm status ID [--json] [--server URL] [--api-key KEY]";
    private static final Set<String> VALUED = Set.of("--server", "--api-key");
    private static final Set<String> FLAGS = Set.of("--json");

    private StatusCommand() {
    }

    static int run(List<String> argv, CliIo io) {
        Args args = Args.parse(argv, VALUED, FLAGS);
        String id = requestId(args);
        StatusClient client = StatusClient.from(args, io.env());
        if (args.flag("--json")) {
            StatusClient.Answer answer = client.fetch(id, "detail=true", io.pacing());
            io.out().println(answer.body());
            io.out().flush();
            return Exit.of(answer.json().path("status").asText());
        }
        Summary summary = Summary.load(client, id, io.pacing());
        io.out().printf("requestID  %s%n", id);
        io.out().printf("progress   %s%n", ProgressBar.bar(summary.answer()));
        summary.print(io.out(), client.server(), true);
        io.out().flush();
        return Exit.of(summary.status());
    }

    /** The one operand of a command about a job: its requestID. */
    static String requestId(Args args) {
        if (args.operands().size() != 1 || args.operands().get(0).isBlank()) {
            throw Args.usage(args.operands().isEmpty() ? "give the requestID" : "give one requestID, not " + args.operands().size());
        }
        return args.operands().get(0).strip();
    }
}
