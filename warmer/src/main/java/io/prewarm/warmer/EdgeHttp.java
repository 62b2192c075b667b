package io.prewarm.warmer;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one long-lived HttpClient 5 async client a warmer sends every warm request with, set up for
 * them: HTTP/1.1 only, no redirects (they would leave the PoP), no automatic retries
 * ({@link EdgeClient} retries itself, at the PoP's next address), no cookies, no content
 * decompression ({@link BodyCounter} counts the bytes as the PoP sends them), the configured
 * timeouts, CA and User-Agent, and a pool with room for idle connections at every PoP. The warmer's
 * own client also has the rate caps' {@link WireGate} just before the main transport. Public so the
 * benchmark's raw loop sends with exactly the warmer's client (without the caps).
 */
public final class EdgeHttp {
    private EdgeHttp() {
    }

    /** A client not yet started. */
    public static CloseableHttpAsyncClient client(WarmerConfig config) {
        return builder(config).build();
    }

    /** A client not yet started whose requests pass {@code gate} once their connection is leased, just before they are written. */
    static CloseableHttpAsyncClient client(WarmerConfig config, WireGate gate) {
        return builder(config).addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "prewarm-wire-gate", gate).build();
    }

    private static HttpAsyncClientBuilder builder(WarmerConfig config) {
        return HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        // DYNAMIC: HttpCore allocates a TLS connection's own buffers while it moves data and gives
                        // them back when they are empty (the JDK's engine still keeps its own per connection)
                        .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(TlsContexts.trusting(config.tlsCaFile()))
                                .setSslBufferMode(SSLBufferMode.DYNAMIC).buildAsync())
                        // Twice as many connections as requests may be in flight: room for idle connections at
                        // the PoPs being warmed (a pool as small as the in-flight limit keeps closing one PoP's
                        // idle connections to open another's: measured, it doubled the edge's CPU), but not 64
                        // at every PoP and scheme: a TLS connection holds ~100 KB of heap. Idle ones beyond that
                        // are closed least recently used first, and after a minute unused.
                        .setMaxConnTotal(2 * config.maxInFlight())
                        .setMaxConnPerRoute(config.maxPerPop())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(config.connectTimeout()))
                                .setSocketTimeout(Timeout.of(config.readTimeout()))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(Math.max(2, Runtime.getRuntime().availableProcessors())).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(config.readTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(config.taskTimeout()))
                        .build())
                // a PoP no job has used for a minute gives its connections (and their buffers) back
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setUserAgent(config.userAgent());
    }
}
