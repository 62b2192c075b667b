package io.prewarm.launcher.bench;

import io.prewarm.simulator.EdgeSimulator;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The raw limit: the same URL x PoP list warmed by a plain async HTTP loop at the same
 * concurrency, with no Kafka, no JSON, no status. Every benchmark figure is read against it.
 */
final class RawLoop {
    record Task(String host, String path, String pop) {
    }

    private RawLoop() {
    }

    /** Warms every task once; returns tasks per second. */
    static double run(List<Task> tasks, EdgeSimulator edge, int concurrency) throws InterruptedException, java.io.IOException {
        try (CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(Math.max(4 * concurrency, 1024)).setMaxConnPerRoute(concurrency)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).build()).build())
                .disableContentCompression().disableAutomaticRetries().disableRedirectHandling().build()) {
            http.start();
            Semaphore room = new Semaphore(concurrency);
            CountDownLatch done = new CountDownLatch(tasks.size());
            AtomicInteger failed = new AtomicInteger();
            long started = System.nanoTime();
            for (Task t : tasks) {
                room.acquire();
                InetAddress address = edge.addressOf(t.pop());
                HttpHost target = new HttpHost("http", address, t.host(), edge.httpPort());
                var request = SimpleRequestBuilder.get().setHttpHost(target).setPath(t.path())
                        .setHeader("Host", t.host()).setHeader("Accept-Encoding", "gzip, deflate, br").build();
                http.execute(target, org.apache.hc.client5.http.async.methods.SimpleRequestProducer.create(request),
                        org.apache.hc.client5.http.async.methods.SimpleResponseConsumer.create(), null, HttpClientContext.create(),
                        new FutureCallback<SimpleHttpResponse>() {
                            @Override
                            public void completed(SimpleHttpResponse r) {
                                end(r.getCode() / 100 != 2);
                            }

                            @Override
                            public void failed(Exception e) {
                                end(true);
                            }

                            @Override
                            public void cancelled() {
                                end(true);
                            }

                            private void end(boolean bad) {
                                if (bad) {
                                    failed.incrementAndGet();
                                }
                                room.release();
                                done.countDown();
                            }
                        });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw loop did not finish");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " raw-loop requests failed");
            }
            http.close(CloseMode.GRACEFUL);
            return tasks.size() / seconds;
        }
    }
}
