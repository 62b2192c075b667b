package io.prewarm.launcher;

import io.prewarm.launcher.cli.Cli;
import io.prewarm.launcher.cli.CliIo;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code ./prewarm}: starts the configured roles and runs until SIGTERM / Ctrl-C; {@code ./prewarm demo} runs {@link Demo};
 * {@code ./prewarm submit}, {@code status}, {@code cancel} and {@code retry} are the command-line client ({@link Cli}) of a running deployment.
 */
public final class PrewarmMain {
    private static final Logger LOG = LoggerFactory.getLogger(PrewarmMain.class);

    private PrewarmMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            Demo.run(System.getenv(), System.out, args.length > 1 && args[1].equals("--exit"));
            return;
        }
        if (args.length > 0 && Cli.handles(args[0])) {
            System.exit(Cli.run(List.of(args), CliIo.system()));
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            io.prewarm.launcher.bench.Bench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("soak")) {
            io.prewarm.launcher.bench.Soak.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0) {
            System.err.println("usage: ./prewarm [demo [--exit] | bench [--smoke] [--big | --big-only | --verify-only] [--edge=nginx|external [--series=http20,http100,https20]] [--out=FILE] | soak --minutes N [--out=FILE]]\n"
                    + "       ./prewarm submit [options] (FILE|- | --sitemap URL | --hls URL | --dash URL)   |   ./prewarm status ID [--json]   |   ./prewarm cancel ID   |   ./prewarm retry ID   (--help for their options)");
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
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM and Ctrl-C stop the process in order and exit 0; a JVM shutdown hook would exit 143
        // and race logging's own hook. Other ways of ending the JVM still close through the hook.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stop.countDown());
        }
        Thread hook = new Thread(prewarm::close, "prewarm-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        LOG.info("stopping: no new requests or tasks; finishing warm requests in flight");
        Runtime.getRuntime().removeShutdownHook(hook);
        prewarm.close();
        LOG.info(prewarm.closedCleanly() ? "stopped cleanly" : "stopped, with errors (see above)");
        System.exit(prewarm.closedCleanly() ? 0 : 1);
    }
}
