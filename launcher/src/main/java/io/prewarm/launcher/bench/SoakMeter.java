package io.prewarm.launcher.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Takes the soak's row of each minute. Tasks/s is the growth of the tasks folded (as the
 * {@link StatusPoller} reads them) over the time since the previous row. Heap is what is left in use
 * after {@code System.gc()} (with G1 a full, stop-the-world collection, once a minute: the one
 * figure not blurred by garbage waiting for its collection). File descriptors are the entries of
 * /proc/self/fd; the state stores' size is the bytes of every file under the Streams state
 * directory, files that RocksDB deletes while it is walked left out.
 */
final class SoakMeter {
    private final StatusPoller poller;
    private final SoakLoad load;
    private final ConsumerLag lag;
    private final Path stateDir;
    private long lastNanos = System.nanoTime();
    private long lastFolded;

    SoakMeter(StatusPoller poller, SoakLoad load, ConsumerLag lag, Path stateDir) {
        this.poller = poller;
        this.load = load;
        this.lag = lag;
        this.stateDir = stateDir;
    }

    SoakRow take(int minute) {
        long now = System.nanoTime();
        long folded = poller.foldedTasks();
        double tasksPerSecond = (folded - lastFolded) / ((now - lastNanos) / 1e9);
        lastNanos = now;
        lastFolded = folded;
        StatusPoller.Window reads = poller.drain();
        int submitted = load.submitted();
        int refused = load.refused();
        int finished = poller.finished();
        int inexact = poller.inexact();
        long warmerLag = lag.warmer();
        long statusLag = lag.status();
        int retained = poller.retained();
        return new SoakRow(minute, Cases.round(tasksPerSecond), Cases.round(reads.reads().p50()), Cases.round(reads.reads().p99()),
                reads.reads().count(), reads.non200(), Cases.round(heapAfterGcMiB()), openFds(), bytesUnder(stateDir), warmerLag, statusLag,
                submitted, refused, finished, inexact, retained);
    }

    static double heapAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
    }

    /** This process's open file descriptors, or -1 where /proc cannot be read. */
    static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes of the regular files under {@code dir} (0 when it does not exist). */
    static long bytesUnder(Path dir) {
        AtomicLong bytes = new AtomicLong();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        bytes.addAndGet(attrs.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // deleted by a compaction or a flush while walked
                }
            });
        } catch (IOException e) {
            return -1;
        }
        return bytes.get();
    }
}
