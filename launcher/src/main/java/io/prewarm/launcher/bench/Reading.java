package io.prewarm.launcher.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The meters read before and after a run: wall clock, this JVM's CPU and GC time, the edge's and
 * its origin's request counts and the edge's CPU (when it can tell). The difference of two readings
 * is what the run cost.
 */
record Reading(long nanos, long jvmCpuNanos, long gcMillis, OptionalLong edgeRequests, OptionalLong originRequests, OptionalDouble edgeCpuSeconds,
               MachineCpu machine) {

    /**
     * CPU seconds the whole machine has been busy, and stolen from it by its host, from /proc/stat
     * (zero where it cannot be read): busy minus this JVM and the edge is what anything else took,
     * which tells a run disturbed by other load from one that was not.
     */
    record MachineCpu(double busySeconds, double stealSeconds) {
        static MachineCpu read() {
            try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/stat"))) {
                return parse(lines.findFirst().orElse(""));
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                return new MachineCpu(0, 0);
            }
        }

        /** The "cpu" line: user nice system idle iowait irq softirq steal ..., in USER_HZ ticks. */
        static MachineCpu parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            if (f.length < 9 || !f[0].equals("cpu")) {
                return new MachineCpu(0, 0);
            }
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += Long.parseLong(f[i]);
            }
            return new MachineCpu(busy / ProcessCpu.TICKS_PER_SECOND, Long.parseLong(f[8]) / ProcessCpu.TICKS_PER_SECOND);
        }
    }

    static Reading take(Edge edge) {
        OptionalLong requests = edge.requests();
        OptionalLong origin = edge.originRequests();
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime)
                .filter(t -> t > 0).sum();
        return new Reading(System.nanoTime(), processCpuNanos(), gc, requests, origin, edge.cpuSeconds(), MachineCpu.read());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /**
     * What happened between {@code before} and this reading, for a run of {@code tasks} warm requests:
     * seconds, JVM CPU (seconds and microseconds per task), GC milliseconds, and from the edge its
     * CPU seconds, the requests it answered and how many of them were more than one per task, and the
     * requests that reached its origin.
     */
    Map<String, Object> since(Reading before, long tasks) {
        Map<String, Object> m = new LinkedHashMap<>();
        double jvmCpu = (jvmCpuNanos - before.jvmCpuNanos) / 1e9;
        m.put("jvmCpuSeconds", Cases.round(jvmCpu));
        m.put("cpuMicrosPerTask", Cases.round(jvmCpu * 1e6 / tasks));
        m.put("gcMillis", gcMillis - before.gcMillis);
        double edgeCpu = 0;
        if (edgeCpuSeconds.isPresent() && before.edgeCpuSeconds.isPresent()) {
            edgeCpu = edgeCpuSeconds.getAsDouble() - before.edgeCpuSeconds.getAsDouble();
            m.put("edgeCpuSeconds", Cases.round(edgeCpu));
        }
        if (machine.busySeconds() > 0) {
            double busy = machine.busySeconds() - before.machine.busySeconds();
            m.put("machineCpuSeconds", Cases.round(busy));
            m.put("otherCpuSeconds", Cases.round(Math.max(0, busy - jvmCpu - edgeCpu)));
            m.put("stealSeconds", Cases.round(machine.stealSeconds() - before.machine.stealSeconds()));
        }
        if (edgeRequests.isPresent() && before.edgeRequests.isPresent()) {
            long answered = edgeRequests.getAsLong() - before.edgeRequests.getAsLong();
            m.put("edgeRequests", answered);
            m.put("extraRequests", answered - tasks);
        }
        if (originRequests.isPresent() && before.originRequests.isPresent()) {
            m.put("originRequests", originRequests.getAsLong() - before.originRequests.getAsLong());
        }
        return m;
    }

    double secondsSince(Reading before) {
        return (nanos - before.nanos) / 1e9;
    }
}
