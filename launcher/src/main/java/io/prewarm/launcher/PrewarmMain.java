package io.prewarm.launcher;

import java.util.concurrent.CountDownLatch;

/** {@code ./prewarm}: starts the configured roles and runs until SIGTERM / Ctrl-C. */
public final class PrewarmMain {
    private PrewarmMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Prewarm prewarm;
        try {
            prewarm = Prewarm.start(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("prewarm: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            prewarm.close();
            stopped.countDown();
        }, "prewarm-shutdown"));
        stopped.await();
    }
}
