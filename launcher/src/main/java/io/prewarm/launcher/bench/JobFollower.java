package io.prewarm.launcher.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A client that reads {@code GET /status?requestID=..&limit=10} of a running job every 10 ms, as a
 * dashboard following it would, and keeps how long each read took.
 */
final class JobFollower {
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    JobFollower(BenchClient api, String id) {
        thread = new Thread(() -> {
            while (running) {
                long t = System.nanoTime();
                api.status(id, "&limit=10");
                millis.add((System.nanoTime() - t) / 1e6);
                BenchClient.pause(Duration.ofMillis(10));
            }
        }, "bench-job-follower");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading; the reads' latencies. */
    Stats stop() throws InterruptedException {
        running = false;
        thread.join();
        return Stats.of(millis);
    }
}
