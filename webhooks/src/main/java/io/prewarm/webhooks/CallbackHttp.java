package io.prewarm.webhooks;

import io.prewarm.contract.WebhookPolicy;
import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient 5 async client callbacks are sent with, set up for them: every new connection's
 * addresses from {@link CheckedDns} (the SSRF rule), no proxy (one would connect for us, unchecked),
 * 5 s to connect, the answer timeout, HTTP/1.1, no redirects (a 3xx is an answer, not a new target),
 * no automatic retries ({@link Backoff} decides), no cookies, auth cache or content decompression
 * (the body is discarded), the {@code Prewarm-Webhook/1} User-Agent, and a pool with room for every
 * delivery in flight, idle connections closed after a minute.
 */
final class CallbackHttp {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(10);

    private CallbackHttp() {
    }

    /** A client not yet started. */
    static CloseableHttpAsyncClient client(WebhookPolicy policy, Duration responseTimeout) {
        return HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(new CheckedDns(policy))
                        .setMaxConnTotal(2 * Deliveries.MAX_IN_FLIGHT)
                        .setMaxConnPerRoute(Deliveries.MAX_IN_FLIGHT)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(CONNECT_TIMEOUT))
                                .setSocketTimeout(Timeout.of(responseTimeout))
                                .setTimeToLive(TimeValue.ofMinutes(5))
                                .build())
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .build())
                .setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE))
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setResponseTimeout(Timeout.of(responseTimeout))
                        .setConnectionRequestTimeout(Timeout.of(RESPONSE_TIMEOUT))
                        .build())
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setUserAgent(WebhookSender.USER_AGENT)
                .build();
    }
}
