package io.prewarm.simulator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Plays one edge request end to end: works out the PoP from the address the client connected to,
 * records the request, then stalls it, drops its connection, answers with a fault, or serves it
 * from the PoP's cache after the configured latency. It never blocks: the latency is a task on
 * Jetty's scheduler that writes the answer later, so a few threads carry any number of slow
 * requests. One instance serves both connectors; {@link Request#tls()} comes from the connection.
 */
final class EdgeHandler extends Handler.Abstract {
    private volatile long latencyNanos;
    private final PopAddresses pops;
    private final FaultTable faults;
    private final EdgeCache cache;
    /** Present in cache mode: then answers follow the origin's Cache-Control instead of {@link #cache}. */
    private final Optional<HttpCache> httpCache;
    private final StalledRequests stalled;
    private final Responses responses;
    private final Consumer<Request> recorder;
    private final Concurrency concurrency;

    EdgeHandler(Duration latency, PopAddresses pops, FaultTable faults, EdgeCache cache, Optional<HttpCache> httpCache,
                StalledRequests stalled, Responses responses, Consumer<Request> recorder, Concurrency concurrency) {
        super(InvocationType.NON_BLOCKING);
        this.latencyNanos = latency.toNanos();
        this.pops = pops;
        this.faults = faults;
        this.cache = cache;
        this.httpCache = httpCache;
        this.stalled = stalled;
        this.responses = responses;
        this.recorder = recorder;
        this.concurrency = concurrency;
    }

    void latency(Duration latency) {
        latencyNanos = latency.toNanos();
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
        Request seen = read(request);
        recorder.accept(seen);
        String path = rawPath(request);
        Optional<Fault> fault = faults.match(path, seen.pop());
        if (fault.isPresent() && fault.get() instanceof Fault.Stall) {
            stalled.hold(request, callback);
            return true;
        }
        if (fault.isPresent() && fault.get() instanceof Fault.Drop) {
            ConnectionDrop.drop(request, callback);
            return true;
        }
        concurrency.enter(seen.pop());
        Runnable answer = () -> {
            // Counted until the answer starts, not until its last byte is written: the client may
            // have read the whole answer (and started its next request) before the write callback
            // runs, which would count one request twice for a moment.
            concurrency.exit(seen.pop());
            if (fault.isPresent()) {
                responses.fault(response, seen.pop(), fault.get(), callback);
            } else if (httpCache.isPresent()) {
                responses.cached(request, response, seen, httpCache.get().serve(seen, path), callback);
            } else {
                boolean hit = cache.fetch(seen.pop(), seen.host(), seen.pathAndQuery(), seen.acceptEncoding());
                responses.ok(request, response, seen, hit, callback);
            }
        };
        if (latencyNanos == 0) {
            answer.run();
        } else {
            // The scheduler has one thread: it only hands the answer (TLS and all) to the pool.
            Executor pool = request.getComponents().getExecutor();
            request.getComponents().getScheduler().schedule(() -> pool.execute(answer), latencyNanos, TimeUnit.NANOSECONDS);
        }
        return true;
    }

    private Request read(org.eclipse.jetty.server.Request request) {
        String pop = request.getConnectionMetaData().getLocalSocketAddress() instanceof InetSocketAddress local
                ? pops.popAt(local.getAddress()) : PopAddresses.UNKNOWN;
        Map<String, String> headers = new TreeMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName().toLowerCase(Locale.ROOT), field.getValue(), (a, b) -> a + ", " + b);
        }
        String query = request.getHttpURI().getQuery();
        String pathAndQuery = query == null ? rawPath(request) : rawPath(request) + "?" + query;
        boolean tls = request.getConnectionMetaData().isSecure();
        return new Request(pop, tls, tls ? sni(request) : null, headers.get("host"), pathAndQuery,
                headers.get("accept-encoding"), headers, request.getBeginNanoTime(), Instant.now());
    }

    private static String rawPath(org.eclipse.jetty.server.Request request) {
        String path = request.getHttpURI().getPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /** The server name the client asked for in its TLS hello, from the session Jetty exposes. */
    private static String sni(org.eclipse.jetty.server.Request request) {
        if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData data)
                || !(data.sslSession() instanceof ExtendedSSLSession session)) {
            return null;
        }
        for (SNIServerName name : session.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }
}
