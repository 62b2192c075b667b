package io.prewarm.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the CLI takes from its surroundings: the standard streams, the environment, whether
 * stderr is a terminal, and how fast to poll. Passed in rather than read from {@code System} so
 * tests drive the commands in-process with their own streams and no waiting.
 *
 * @param terminal whether the progress bar may redraw itself in place with {@code \r}
 */
public record CliIo(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal, Pacing pacing) {

    /**
     * How the CLI paces its polling.
     *
     * @param poll       time between two status polls while following a job (and the least wait after a 503)
     * @param plainEvery time between two progress lines when stderr is not a terminal
     * @param retryFor   how long a status may stay unreachable or 5xx (and a cancel 503) before the CLI gives up
     */
    public record Pacing(Duration poll, Duration plainEvery, Duration retryFor) {
        public static final Pacing DEFAULT = new Pacing(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(2));
    }

    /** The real process: System streams and environment; a terminal when the JVM has a console or stderr is one. */
    public static CliIo system() {
        return new CliIo(System.in, System.out, System.err, System.getenv(), System.console() != null || stderrIsTerminal(), Pacing.DEFAULT);
    }

    /**
     * Java 17's console needs stdin and stdout to be terminals, but {@code id=$(./prewarm submit ...)}
     * or {@code ... | ./prewarm submit -} still draw on a terminal's stderr; Linux tells through /proc.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
