package io.prewarm.launcher.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process with given stdin and environment, capturing stdout, stderr and the exit code. */
final class CliRunner {
    /** Polls every 5 ms; an unreadable status must come back within 0.5 s. */
    static final CliIo.Pacing FAST = new CliIo.Pacing(Duration.ofMillis(5), Duration.ZERO, Duration.ofMillis(500));

    record Run(int code, String out, String err) {
        String firstLine() {
            return out.lines().findFirst().orElse("");
        }
    }

    private CliRunner() {
    }

    static Run run(String stdin, Map<String, String> env, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliIo io = new CliIo(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, terminal, FAST);
        int code = Cli.run(List.of(args), io);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code command} with {@code --server} pointing at {@code server}, then {@code args}. */
    static Run against(FakeServer server, String stdin, String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--server";
        all[2] = server.url();
        System.arraycopy(args, 0, all, 3, args.length);
        return run(stdin, Map.of(), all);
    }

    static Run run(String stdin, Map<String, String> env, String... args) {
        return run(stdin, env, false, args);
    }
}
