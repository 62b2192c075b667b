package io.prewarm.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * CPU used so far by a process and its direct children, read from /proc: nginx's master and its
 * workers. Beside the JVM's own CPU time it shows how the machine's cores were split between the
 * system under test and the edge answering it.
 */
final class ProcessCpu {
    /** Linux reports /proc times in USER_HZ, 100 on every architecture the JDK runs on. */
    static final double TICKS_PER_SECOND = 100;

    record Stat(long pid, long ppid, long cpuTicks) {
    }

    private ProcessCpu() {
    }

    /** CPU seconds of {@code pid} and its children, or empty when {@code pid} does not run (or /proc cannot be read). */
    static OptionalDouble ofTree(long pid) {
        List<Stat> stats = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).forEach(p -> read(p.resolve("stat")).ifPresent(stats::add));
        } catch (IOException e) {
            return OptionalDouble.empty();
        }
        return sum(stats, pid);
    }

    static OptionalDouble sum(List<Stat> stats, long pid) {
        if (stats.stream().noneMatch(s -> s.pid() == pid)) {
            return OptionalDouble.empty();
        }
        long ticks = stats.stream().filter(s -> s.pid() == pid || s.ppid() == pid).mapToLong(Stat::cpuTicks).sum();
        return OptionalDouble.of(ticks / TICKS_PER_SECOND);
    }

    private static Optional<Stat> read(Path stat) {
        try {
            return parse(Files.readString(stat));
        } catch (IOException e) {
            return Optional.empty(); // the process ended between listing and reading
        }
    }

    /** One /proc/PID/stat line: pid, (comm), state, ppid, ... utime (14th field), stime (15th). */
    static Optional<Stat> parse(String line) {
        int open = line.indexOf(" (");
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 > line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        if (f.length < 13) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(Long.parseLong(line.substring(0, open).trim()), Long.parseLong(f[1]),
                    Long.parseLong(f[11]) + Long.parseLong(f[12])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
