package io.prewarm.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program run as a separate OS process on the test's own classpath, for promises about a
 * process dying: {@link #kill()} is {@code kill -9}, {@link #terminate()} is SIGTERM. Its output
 * goes to a log file the test can wait on. The child's environment is the test's minus any
 * {@code PREWARM_*} / {@code KAFKA_*} variables, plus the ones given.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ChildJvm start(String mainClass, Map<String, String> env, Path log, String... args) {
        return start(mainClass, env, log, null, args);
    }

    /** As {@link #start(String, Map, Path, String...)}, in working directory {@code dir} (null: the test's). */
    public static ChildJvm start(String mainClass, Map<String, String> env, Path log, Path dir, String... args) {
        return start(List.of(), mainClass, env, log, dir, args);
    }

    /**
     * As {@link #start(String, Map, Path, Path, String...)} with {@code jvmOptions} after the defaults
     * ({@code -Xmx384m}, serial GC, C1 only), so {@code -Xmx64m} there gives the child a smaller heap.
     */
    public static ChildJvm start(List<String> jvmOptions, String mainClass, Map<String, String> env, Path log, Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().keySet().removeIf(k -> k.startsWith("PREWARM_") || k.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        try {
            return new ChildJvm(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The child's output so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the child's output contains {@code text}; fails if the child exits first. */
    public void awaitLog(String text, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive() && !log().contains(text)) {
                throw new IllegalStateException("child exited with " + process.exitValue() + " before logging '" + text + "':\n" + tail());
            }
            return log().contains(text);
        });
    }

    public String tail() {
        String all = log();
        return all.substring(Math.max(0, all.length() - 4000));
    }

    /** SIGTERM, as an orchestrator stopping the process. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown code runs. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child still running after " + limit + ":\n" + tail());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
