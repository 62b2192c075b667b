package io.prewarm.launcher.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --edge=nginx}: runs {@code scripts/nginx-edge start DIR POP...} for the benchmark's PoPs and
 * reads the settings it writes to DIR/edge.env. The nginx it started is stopped when the edge is
 * closed, and also by a shutdown hook, so a failed or interrupted benchmark leaves no nginx behind.
 */
final class NginxEdge {
    static final Path SCRIPT = Path.of("scripts", "nginx-edge");

    private NginxEdge() {
    }

    static ExternalEdge start(Path dir, List<String> pops) {
        if (!Files.isExecutable(SCRIPT)) {
            throw new IllegalStateException(SCRIPT.toAbsolutePath() + " not found: run the benchmark from the repository (./prewarm bench --edge=nginx)");
        }
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                script("stop", dir, List.of());
            }
        };
        Thread hook = new Thread(stop, "nginx-edge-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            script("start", dir, pops);
            Map<String, String> settings = readEnvFile(dir.resolve("edge.env"));
            String description = settings.getOrDefault("PREWARM_BENCH_EDGE_DESCRIPTION", "nginx");
            return ExternalEdge.fromEnv(settings, description, () -> {
                stop.run();
                removeHook(hook);
            });
        } catch (RuntimeException e) {
            stop.run();
            throw e;
        }
    }

    private static void script(String command, Path dir, List<String> pops) {
        List<String> args = new ArrayList<>(List.of(SCRIPT.toString(), command, dir.toString()));
        args.addAll(pops);
        try {
            Process p = new ProcessBuilder(args).redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroy();
                throw new IllegalStateException(String.join(" ", args.subList(0, 3)) + " failed (see its message above)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + SCRIPT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** KEY=VALUE lines (a value may be in double quotes); blank lines and # comments are skipped. */
    static Map<String, String> readEnvFile(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String l = line.trim();
                int eq = l.indexOf('=');
                if (l.isEmpty() || l.startsWith("#") || eq < 1) {
                    continue;
                }
                String value = l.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                env.put(l.substring(0, eq).trim(), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return env;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook has run, or runs now, and stops nothing twice
        }
    }
}
