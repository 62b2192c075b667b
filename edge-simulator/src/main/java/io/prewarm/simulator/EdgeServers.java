package io.prewarm.simulator;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty server behind the simulator: an HTTP/1.1 connector and an HTTPS one, both on 0.0.0.0
 * so that every loopback address reaches them, sharing one small pool of threads. Nothing the
 * handler does blocks, so a few threads carry thousands of keep-alive connections; the pool is
 * {@code threads} plus what the connectors' selectors take, with no reserved threads (they only
 * help blocking handlers). Every thread is a daemon, so a simulator left open never keeps the JVM
 * alive. Closing does not drain: it stops at once, cutting off in-progress requests, then aborts
 * any stalled one left.
 */
final class EdgeServers {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServers.class);
    private static final int ACCEPT_QUEUE = 1024;
    private static final long IDLE_TIMEOUT_MS = 60_000;
    /** How long stopping waits for pool threads to finish; they never block, so they need little. */
    private static final long POOL_STOP_TIMEOUT_MS = 500;
    private static final String BIND_ALL = "0.0.0.0";

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;
    private final StalledRequests stalled;

    EdgeServers(int threads, SimulatorCa ca, StalledRequests stalled, Handler handler) {
        this.stalled = stalled;
        int selectors = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        QueuedThreadPool pool = new QueuedThreadPool(threads + 2 * selectors, Math.min(8, threads));
        pool.setName("edge-simulator");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        pool.setStopTimeout(POOL_STOP_TIMEOUT_MS);
        server = new Server(pool, new ScheduledExecutorScheduler("edge-simulator-latency", true), null);
        server.setStopTimeout(0); // no graceful phase: stop closes every connection at once
        server.setHandler(handler);

        HttpConfiguration plain = new HttpConfiguration();
        plain.setSendServerVersion(false);
        // An edge takes any path a warmer may send (%2F, //, %25...); Jetty's default refuses some with 400.
        plain.setUriCompliance(UriCompliance.UNSAFE);
        HttpConfiguration secure = new HttpConfiguration(plain);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        // Answer names the certificate does not cover too: the client's hostname check must be what fails.
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        http = connector(selectors, new HttpConnectionFactory(plain));
        https = connector(selectors, new SslConnectionFactory(tls(ca), "http/1.1"), new HttpConnectionFactory(secure));
    }

    private ServerConnector connector(int selectors, ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, 0, selectors, factories);
        connector.setHost(BIND_ALL);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        return connector;
    }

    private static SslContextFactory.Server tls(SimulatorCa ca) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(ca.keyStore());
        factory.setKeyStorePassword(SimulatorCa.KEY_PASSWORD);
        factory.setKeyManagerPassword(SimulatorCa.KEY_PASSWORD);
        factory.setSniRequired(false);
        return factory;
    }

    void start(int httpPort, int httpsPort) throws Exception {
        http.setPort(httpPort);
        https.setPort(httpsPort);
        server.start();
    }

    int httpPort() {
        return http.getLocalPort();
    }

    int httpsPort() {
        return https.getLocalPort();
    }

    void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("edge simulator did not stop cleanly: {}", e.toString());
        } finally {
            stalled.releaseAll();
        }
    }
}
