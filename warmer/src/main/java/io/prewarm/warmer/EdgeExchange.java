package io.prewarm.warmer;

import io.prewarm.contract.Task;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

/**
 * One request of a task to one PoP address: {@code GET path?query} with the URL's own Host (and,
 * for https, SNI and certificate check for that host), the task's Accept-Encoding and extra
 * headers, plus any conditional headers a verification adds; the body is read to the end and
 * dropped ({@link BodyCounter}), or, for a document task, handed to its reader ({@link DocumentBody}).
 * The request's context names its job for the {@link WireGate}. Each request is bounded by the task
 * timeout on the shared timer thread, and that timer is cancelled the moment the request ends.
 */
final class EdgeExchange {
    private final CloseableHttpAsyncClient http;
    private final WarmerConfig config;
    private final ScheduledExecutorService timers;

    EdgeExchange(CloseableHttpAsyncClient http, WarmerConfig config, ScheduledExecutorService timers) {
        this.http = http;
        this.config = config;
        this.timers = timers;
    }

    /** Sends {@code task}'s request to {@code address}, with {@code extra} headers on top; fails with the exchange's exception. */
    CompletableFuture<EdgeResponse> send(Task task, InetAddress address, Map<String, String> extra) {
        return send(task, address, extra, new BodyCounter());
    }

    /** As {@link #send(Task, InetAddress, Map)}, the answer's body to {@code body}. */
    CompletableFuture<EdgeResponse> send(Task task, InetAddress address, Map<String, String> extra, AsyncResponseConsumer<EdgeResponse> body) {
        // The ASCII form percent-encodes non-ASCII characters as UTF-8, as browsers do: the cache key
        // CloudFront sees is a viewer's, and no character outside ASCII reaches the request line.
        URI uri = URI.create(URI.create(task.url()).toASCIIString());
        boolean https = task.protocol().equals("https");
        HttpHost target = new HttpHost(https ? "https" : "http", address, uri.getHost(), https ? config.edgeHttpsPort() : config.edgeHttpPort());
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        AsyncRequestBuilder request = AsyncRequestBuilder.get().setHttpHost(target).setPath(path);
        task.headers().forEach(request::setHeader);
        request.setHeader(HttpHeaders.HOST, uri.getRawAuthority());
        if (!task.acceptEncoding().isEmpty()) {
            request.setHeader(HttpHeaders.ACCEPT_ENCODING, task.acceptEncoding());
        }
        extra.forEach(request::setHeader);
        Ending done = new Ending();
        HttpClientContext context = HttpClientContext.create();
        WireGate.tag(context, task.requestID());
        // The target carries the PoP address: passing it here (not only in the request) is what stops
        // HttpClient from resolving the URL host itself.
        Future<EdgeResponse> exchange = http.execute(target, request.build(), body, null, context, new FutureCallback<>() {
            @Override
            public void completed(EdgeResponse response) {
                done.end(response, null);
            }

            @Override
            public void failed(Exception e) {
                done.end(null, e);
            }

            @Override
            public void cancelled() {
                done.end(null, new Failures.TaskTimeoutException(config.taskTimeout()));
            }
        });
        done.bound(timers.schedule(() -> {
            exchange.cancel(true);
            done.end(null, new Failures.TaskTimeoutException(config.taskTimeout())); // even if the client never calls back
        }, config.taskTimeout().toMillis(), TimeUnit.MILLISECONDS));
        return done;
    }

    /**
     * A request's end, its timeout timer cancelled before anything waiting on it runs: whoever sees
     * the request ended sees no timer of it left (dependents of a future run in no fixed order, so
     * cancelling in one of them would leave the timer queued for a moment after the result).
     */
    private static final class Ending extends CompletableFuture<EdgeResponse> {
        private volatile ScheduledFuture<?> timer;

        void bound(ScheduledFuture<?> timeout) {
            timer = timeout;
            if (isDone()) {
                timeout.cancel(false); // it ended before its timer was set
            }
        }

        void end(EdgeResponse response, Throwable error) {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            if (error == null) {
                complete(response);
            } else {
                completeExceptionally(error);
            }
        }
    }
}
