package io.prewarm.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Samples heap use while the benchmark runs; reports peak heap, the heap limit and peak RSS. */
final class Memory implements AutoCloseable {
    private final AtomicLong peakHeap = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    private Memory() {
        sampler = new Thread(() -> {
            while (running) {
                peakHeap.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    static Memory watch() {
        return new Memory();
    }

    Map<String, Object> peaks() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peakHeapMiB", peakHeap.get() / (1024 * 1024));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("peakRssMiB", peakRssKiB() / 1024);
        return m;
    }

    private static long peakRssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
