package io.prewarm.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays one edge request end to end: works out the PoP from the address the client connected to,
 * records the request, then stalls it, answers with a fault, or serves it from the PoP's cache
 * after the configured latency. One instance serves HTTP and another HTTPS; they share all state.
 */
final class EdgeHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeHandler.class);

    private final boolean tls;
    private final Duration latency;
    private final PopAddresses pops;
    private final FaultTable faults;
    private final EdgeCache cache;
    private final HeldExchanges held;
    private final Responses responses;
    private final Consumer<Request> recorder;
    private final Concurrency concurrency;

    EdgeHandler(boolean tls, Duration latency, PopAddresses pops, FaultTable faults, EdgeCache cache,
                HeldExchanges held, Responses responses, Consumer<Request> recorder, Concurrency concurrency) {
        this.tls = tls;
        this.latency = latency;
        this.pops = pops;
        this.faults = faults;
        this.cache = cache;
        this.held = held;
        this.responses = responses;
        this.recorder = recorder;
        this.concurrency = concurrency;
    }

    @Override
    public void handle(HttpExchange exchange) {
        Request request = read(exchange);
        recorder.accept(request);
        Optional<Fault> fault = faults.match(rawPath(exchange.getRequestURI()), request.pop());
        if (fault.isPresent() && fault.get() instanceof Fault.Stall) {
            held.hold(exchange);
            return;
        }
        concurrency.enter(request.pop());
        try (exchange) {
            pause();
            if (fault.isPresent()) {
                responses.fault(exchange, request.pop(), fault.get());
            } else {
                boolean hit = cache.fetch(request.pop(), request.host(), request.pathAndQuery(), request.acceptEncoding());
                responses.ok(exchange, request.pop(), hit);
            }
        } catch (IOException e) {
            LOG.debug("client of {} went away: {}", request.pop(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            concurrency.exit(request.pop());
        }
    }

    private void pause() throws InterruptedException {
        if (!latency.isZero()) {
            Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
        }
    }

    private Request read(HttpExchange exchange) {
        String pop = pops.popAt(exchange.getLocalAddress().getAddress());
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        URI uri = exchange.getRequestURI();
        String pathAndQuery = uri.getRawQuery() == null ? rawPath(uri) : rawPath(uri) + "?" + uri.getRawQuery();
        return new Request(pop, tls, sni(exchange), headers.get("host"), pathAndQuery,
                headers.get("accept-encoding"), headers);
    }

    private static String rawPath(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static String sni(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https) || !(https.getSSLSession() instanceof ExtendedSSLSession session)) {
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
