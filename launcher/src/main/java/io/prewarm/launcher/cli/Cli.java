package io.prewarm.launcher.cli;

import java.util.List;
import java.util.Map;

/**
 * The command-line client of a running deployment: {@code ./prewarm submit}, {@code status},
 * {@code cancel} and {@code retry}. It only speaks the public REST API, so it works against any
 * deployment ({@code --server}, {@code --api-key}). Every failure ends as one "prewarm <command>: ..." line
 * on stderr and an {@link Exit} code; stdout carries only results, so scripts can capture them.
 */
public final class Cli {
    static final String EXIT_CODES = """
            exit codes: 0 COMPLETED (or accepted, with --no-follow; or cancelled, for cancel), 1 FAILED, 2 TIMEOUT,
                        3 IN_PROGRESS (status only), 4 CANCELLED, 5 the job's state does not allow it (HTTP 409:
                        cancel of an ended job, retry of a running one or one without failed tasks),
                        64 usage error, 65 refused by the server (other 4xx, message shown) or no URLs, 66 URL file unreadable,
                        67 unknown requestID (HTTP 404), 69 server unreachable, 5xx, or the job lost
            environment: PREWARM_SERVER (default http://localhost:8080), PREWARM_API_KEY (sent as x-api-key)""";
    private static final Map<String, String> USAGES = Map.of("submit", SubmitCommand.USAGE, "status", StatusCommand.USAGE,
            "cancel", CancelCommand.USAGE, "retry", RetryCommand.USAGE);

    private Cli() {
    }

    /** Whether {@code command} is one of the CLI's commands. */
    public static boolean handles(String command) {
        return USAGES.containsKey(command);
    }

    /** Runs {@code args} (the command first); returns the exit code. */
    public static int run(List<String> args, CliIo io) {
        String command = args.isEmpty() ? "" : args.get(0);
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        String usage = USAGES.getOrDefault(command, String.join("\n       ", SubmitCommand.USAGE, StatusCommand.USAGE, CancelCommand.USAGE,
                RetryCommand.USAGE));
        if (rest.contains("--help") || rest.contains("-h")) {
            io.out().println("usage: " + usage + "\n" + EXIT_CODES);
            return Exit.COMPLETED;
        }
        try {
            return switch (command) {
                case "submit" -> SubmitCommand.run(rest, io);
                case "status" -> StatusCommand.run(rest, io);
                case "cancel" -> CancelCommand.run(rest, io);
                case "retry" -> RetryCommand.run(rest, io);
                default -> throw Args.usage("unknown command '" + command + "'; expected submit, status, cancel or retry");
            };
        } catch (CliError e) {
            io.out().flush();
            io.err().println("prewarm " + command + ": " + e.getMessage());
            if (e.code() == Exit.USAGE) {
                io.err().println("usage: " + usage + "\n" + EXIT_CODES);
            }
            io.err().flush();
            return e.code();
        }
    }
}
