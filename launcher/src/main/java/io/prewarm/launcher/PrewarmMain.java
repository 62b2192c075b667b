package io.prewarm.launcher;

import java.util.concurrent.CountDownLatch;

/** {@code ./prewarm}: starts the configured roles and runs until SIGTERM / Ctrl-C; {@code ./prewarm demo} runs {@link Demo}. */
public final class PrewarmMain {
    private PrewarmMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            Demo.run(System.getenv(), System.out, args.length > 1 && args[1].equals("--exit"));
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            io.prewarm.launcher.bench.Bench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0) {
            System.err.println("usage: ./prewarm [demo [--exit] | bench [--smoke] [--big] [--out=FILE]]");
            System.exit(2);
        }
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
