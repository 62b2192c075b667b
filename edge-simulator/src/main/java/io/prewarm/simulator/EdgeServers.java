package io.prewarm.simulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * The JDK HTTP and HTTPS servers behind the simulator and the handler threads they share. Both
 * listen on 0.0.0.0 so that every loopback address reaches them. Handler threads are daemons and
 * closing stops everything at once (held stalls first), so a test that forgets to close never
 * keeps the JVM alive through the handler pool.
 */
final class EdgeServers {
    private static final int BACKLOG = 1024;

    static {
        // The JDK server closes idle keep-alive connections beyond 200 by default; a warmer keeps
        // many more open (one pool per PoP), and closing them would turn every request into a
        // new connection. Read once when the JDK server class loads, so set before first use.
        System.setProperty("sun.net.httpserver.maxIdleConnections",
                System.getProperty("sun.net.httpserver.maxIdleConnections", "20000"));
    }

    private final ExecutorService handlers;
    private final HttpServer http;
    private final HttpsServer https;
    private final HeldExchanges held;

    /** {@code handlerFor} makes the handler for plain HTTP (false) and for HTTPS (true). */
    EdgeServers(int threads, SSLContext tls, HeldExchanges held, Function<Boolean, HttpHandler> handlerFor) throws IOException {
        this.held = held;
        handlers = handlerPool(threads);
        http = HttpServer.create();
        https = HttpsServer.create();
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        for (HttpServer server : List.of(http, https)) {
            server.createContext("/", handlerFor.apply(server == https));
            server.setExecutor(handlers);
        }
    }

    void start(int httpPort, int httpsPort) throws IOException {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        http.bind(new InetSocketAddress(any, httpPort), BACKLOG);
        https.bind(new InetSocketAddress(any, httpsPort), BACKLOG);
        http.start();
        https.start();
    }

    int httpPort() {
        return http.getAddress().getPort();
    }

    int httpsPort() {
        return https.getAddress().getPort();
    }

    void close() {
        held.releaseAll();
        http.stop(0);
        https.stop(0);
        handlers.shutdownNow();
    }

    private static ExecutorService handlerPool(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "edge-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
