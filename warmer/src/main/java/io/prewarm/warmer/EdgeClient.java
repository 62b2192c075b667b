package io.prewarm.warmer;

import io.prewarm.contract.Distribution;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task is warmed: resolve the PoP's name, connect to one of its addresses, send
 * {@code GET path?query} with the URL's own Host (and, for https, SNI and certificate check for
 * that host), read the body to the end and report. One long-lived async client serves every
 * task; connections are pooled per (host, PoP address). Every way a warm request can end,
 * including exceptions, becomes a {@link WarmResult}: this class never fails a future.
 */
final class EdgeClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeClient.class);
    private final WarmerConfig config;
    private final EdgeResolver resolver;
    private final CloseableHttpAsyncClient http;
    private final ScheduledThreadPoolExecutor timers = timers();

    EdgeClient(WarmerConfig config, EdgeResolver resolver) {
        this.config = config;
        this.resolver = resolver;
        this.http = EdgeHttp.client(config);
        http.start();
    }

    /**
     * One timer thread for every task's timeout and retry delay. A task's timeout is cancelled when
     * it ends; without the remove-on-cancel policy the cancelled timer (and the task it holds) would
     * stay queued for the whole task timeout, and the heap would hold rate x timeout finished tasks.
     */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "warm-timers");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** Warms one task; the future always completes normally with the task's result. */
    public CompletableFuture<WarmResult> warm(Task task) {
        long started = System.nanoTime();
        if (System.currentTimeMillis() > task.deadline()) {
            return CompletableFuture.completedFuture(result(task, started, Outcome.SKIPPED, null, 0, "job deadline passed before the task was sent"));
        }
        Optional<String> refused = TaskGuard.problem(task);
        if (refused.isPresent()) {
            LOG.warn("task of request {} refused, nothing sent: {}", task.requestID(), refused.get());
            return CompletableFuture.completedFuture(result(task, started, Outcome.FAILURE, null, 0, "task refused: " + refused.get()));
        }
        CompletableFuture<String> dist = task.dist() != null ? CompletableFuture.completedFuture(task.dist())
                : resolver.distOf(URI.create(task.url()).getHost());
        return dist.thenCompose(d -> resolver.resolve(Distribution.popHost(d, task.pop())))
                .thenCompose(addresses -> attempt(task, addresses, 1, started))
                .exceptionally(e -> result(task, started, Outcome.FAILURE, null, 0, reasonFor(unwrap(e))));
    }

    private CompletableFuture<WarmResult> attempt(Task task, List<InetAddress> addresses, int attempt, long started) {
        InetAddress address = addresses.get((attempt - 1) % addresses.size());
        return send(task, address).handle((response, error) -> {
            boolean retryable = error != null ? Failures.retryable(unwrap(error)) : response.status() >= 500;
            if (retryable && attempt < config.maxAttempts() && System.currentTimeMillis() < task.deadline()) {
                return retryLater(task, addresses, attempt, started);
            }
            WarmResult r = error != null
                    ? result(task, started, Outcome.FAILURE, null, attempt, Failures.describe(unwrap(error), address, config))
                    : fromResponse(task, started, attempt, response);
            return CompletableFuture.completedFuture(r);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<WarmResult> retryLater(Task task, List<InetAddress> addresses, int attempt, long started) {
        long base = config.retryBackoff().toMillis() << (attempt - 1);
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        // supplyAsync turns anything the next attempt throws into a failed future, which warm() makes a result
        return CompletableFuture.supplyAsync(() -> attempt(task, addresses, attempt + 1, started),
                r -> timers.schedule(r, delay, TimeUnit.MILLISECONDS)).thenCompose(f -> f);
    }

    private CompletableFuture<EdgeResponse> send(Task task, InetAddress address) {
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
        CompletableFuture<EdgeResponse> done = new CompletableFuture<>();
        // The target carries the PoP address: passing it here (not only in the request) is what stops
        // HttpClient from resolving the URL host itself.
        Future<EdgeResponse> exchange = http.execute(target, request.build(), new BodyCounter(), null, HttpClientContext.create(), new FutureCallback<>() {
            @Override
            public void completed(EdgeResponse response) {
                done.complete(response);
            }

            @Override
            public void failed(Exception e) {
                done.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                done.completeExceptionally(new Failures.TaskTimeoutException(config.taskTimeout()));
            }
        });
        var timer = timers.schedule(() -> {
            exchange.cancel(true);
            done.completeExceptionally(new Failures.TaskTimeoutException(config.taskTimeout())); // even if the client never calls back
        }, config.taskTimeout().toMillis(), TimeUnit.MILLISECONDS);
        done.whenComplete((r, e) -> timer.cancel(false));
        return done;
    }

    private WarmResult fromResponse(Task task, long started, int attempts, EdgeResponse r) {
        Outcome outcome = r.status() >= 200 && r.status() < 300 ? Outcome.SUCCESS : Outcome.FAILURE;
        String error = outcome == Outcome.SUCCESS ? null
                : r.status() >= 300 && r.status() < 400 ? "HTTP " + r.status() + " redirect to " + r.location() + " not followed (it would leave the PoP)"
                : "HTTP " + r.status();
        return new WarmResult(task.requestID(), task.url(), task.pop(), task.acceptEncoding(), outcome, r.status(),
                r.xCache(), r.cfPop(), r.bytes(), elapsed(started), attempts, error, System.currentTimeMillis());
    }

    private static WarmResult result(Task task, long started, Outcome outcome, Integer status, int attempts, String error) {
        return new WarmResult(task.requestID(), task.url(), task.pop(), task.acceptEncoding(), outcome, status,
                null, null, 0, elapsed(started), attempts, error, System.currentTimeMillis());
    }

    private static String reasonFor(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "PoP did not resolve: " + e.getMessage();
        }
        return e instanceof EdgeResolver.NoDistributionException ? e.getMessage() : Failures.describe(e, null, null);
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Timers queued now (each running task's timeout, pending retries): none once every task has ended. */
    int pendingTimers() {
        return timers.getQueue().size();
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        timers.shutdownNow();
    }
}
