package io.prewarm.launcher.bench;

import io.prewarm.warmer.BodyCounter;
import io.prewarm.warmer.EdgeHttp;
import io.prewarm.warmer.EdgeResponse;
import io.prewarm.warmer.WarmerConfig;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;

/**
 * The raw limit: the same URL x PoP list warmed by a plain async loop, with no Kafka, no JSON, no
 * status. It sends as the warmer does, so the gap to the system is the system's own cost: the
 * warmer's client ({@link EdgeHttp#client} from the same {@link WarmerConfig}: pool, timeouts, CA,
 * User-Agent), the same limits (in flight overall and per PoP), the same headers, the same PoP
 * addresses and ports, and the body counted and dropped by {@link BodyCounter}. Each run has its own
 * client, closed at its end: the warmer's pool and the raw loop's never hold their (TLS) connections
 * in the same heap at once, which with 64 per PoP at 34 PoPs would be thousands each. A run pays its
 * connection set-ups (at most 64 per PoP, against 1,000 to 2,000 requests per PoP).
 */
final class RawLoop implements AutoCloseable {
    record Task(String host, String path, String pop) {
    }

    record Result(int tasks, int failed, double seconds) {
        double tasksPerSecond() {
            return tasks / seconds;
        }
    }

    private final Edge edge;
    private final WarmerConfig config;
    private CloseableHttpAsyncClient http;

    RawLoop(Edge edge, WarmerConfig config) {
        this.edge = edge;
        this.config = config;
    }

    int maxInFlight() {
        return config.maxInFlight();
    }

    int maxPerPop() {
        return config.maxPerPop();
    }

    /** Warms every task once, over HTTPS when {@code https}; a failed request is counted, not thrown. */
    Result run(List<Task> tasks, boolean https) throws InterruptedException {
        http = EdgeHttp.client(config);
        http.start();
        try {
            return runOnce(tasks, https);
        } finally {
            http.close(CloseMode.GRACEFUL);
            http = null;
        }
    }

    private Result runOnce(List<Task> tasks, boolean https) throws InterruptedException {
        Semaphore room = new Semaphore(config.maxInFlight());
        Map<String, Semaphore> perPop = new HashMap<>();
        Map<String, InetAddress> addresses = new HashMap<>();
        CountDownLatch done = new CountDownLatch(tasks.size());
        AtomicInteger failed = new AtomicInteger();
        long started = System.nanoTime();
        for (Task t : tasks) {
            Semaphore atPop = perPop.computeIfAbsent(t.pop(), p -> new Semaphore(config.maxPerPop()));
            atPop.acquire();
            room.acquire();
            send(t, addresses.computeIfAbsent(t.pop(), edge::addressOf), https).whenComplete((r, e) -> {
                try {
                    if (e != null || r.status() / 100 != 2) {
                        failed.incrementAndGet();
                    }
                } finally {
                    room.release();
                    atPop.release();
                    done.countDown();
                }
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("raw loop did not finish in 10 minutes");
        }
        return new Result(tasks.size(), failed.get(), (System.nanoTime() - started) / 1e9);
    }

    private CompletableFuture<EdgeResponse> send(Task t, InetAddress address, boolean https) {
        HttpHost target = new HttpHost(https ? "https" : "http", address, t.host(), https ? config.edgeHttpsPort() : config.edgeHttpPort());
        AsyncRequestBuilder request = AsyncRequestBuilder.get().setHttpHost(target).setPath(t.path())
                .setHeader(HttpHeaders.HOST, t.host()).setHeader(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate, br");
        CompletableFuture<EdgeResponse> done = new CompletableFuture<>();
        try {
            http.execute(target, request.build(), new BodyCounter(), null, HttpClientContext.create(), new FutureCallback<>() {
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
                    done.cancel(false);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close(CloseMode.IMMEDIATE);
        }
    }
}
