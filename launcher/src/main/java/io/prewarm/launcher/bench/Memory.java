package io.prewarm.launcher.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap while the benchmark runs: peak heap in use (sampled every 100 ms, garbage
 * included: with G1 it tends towards the limit whatever the live data), peak heap left after a
 * collection (what the system really holds), the heap limit and peak RSS. A window
 * ({@link #startWindow()}) gives the same peaks for one run.
 */
final class Memory implements AutoCloseable {
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong windowPeak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final AtomicLong windowPeakAfterGc = new AtomicLong();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final NotificationListener afterGc = this::collected;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private Memory() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(afterGc, null, null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(() -> {
            while (running) {
                long used = heapUsed();
                peakHeap.accumulateAndGet(used, Math::max);
                windowPeak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(100);
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

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void collected(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
        peakAfterGc.accumulateAndGet(after, Math::max);
        windowPeakAfterGc.accumulateAndGet(after, Math::max);
    }

    /** Starts a new window: its peak is the heap in use now and whatever is seen from now on. */
    void startWindow() {
        windowPeak.set(heapUsed());
        windowPeakAfterGc.set(0);
    }

    long windowPeakMiB() {
        return Math.max(windowPeak.get(), heapUsed()) / (1024 * 1024);
    }

    /** The most heap left after any collection in the window (0 when none ran). */
    long windowPeakAfterGcMiB() {
        return windowPeakAfterGc.get() / (1024 * 1024);
    }

    Map<String, Object> peaks() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peakHeapMiB", peakHeap.get() / (1024 * 1024));
        m.put("peakHeapAfterGcMiB", peakAfterGc.get() / (1024 * 1024));
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
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(afterGc);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added to this one
            }
        }
    }
}
