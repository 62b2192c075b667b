package io.prewarm.webhooks;

import io.prewarm.contract.WebhookPolicy;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;

/**
 * Sends one callback POST and reports how it ended: one long-lived HttpClient 5 async client whose
 * every connection goes through {@link CheckedDns} (the SSRF rule on the address actually connected
 * to), 5 s to connect, 10 s for the answer, no redirects followed, no automatic retries, cookies or
 * proxies, the answer's body discarded. Each POST carries the body as given, its HMAC signature
 * ({@link Signature}) and the delivery id. Requests are handed to the client on a small pool of
 * its own, so a caller (the Streams thread) never waits for a name lookup. Failures are data: the
 * future always completes normally with an {@link Attempt}, within {@link #DEADLINE} at most.
 */
public final class WebhookSender implements AutoCloseable {
    public static final String DELIVERY_HEADER = "X-Prewarm-Delivery";
    public static final String USER_AGENT = "Prewarm-Webhook/1";
    /** The bound on a whole attempt: lookup, connect, answer, and a slowly trickled body. */
    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ContentType JSON = ContentType.create("application/json");

    private final WebhookPolicy policy;
    private final CloseableHttpAsyncClient client;
    private final ThreadPoolExecutor dispatch;
    private final Set<CompletableFuture<Attempt>> open = ConcurrentHashMap.newKeySet();

    public WebhookSender(WebhookPolicy policy) {
        this(policy, CallbackHttp.RESPONSE_TIMEOUT);
    }

    /** With a shorter answer timeout: for tests of a receiver that does not answer. */
    WebhookSender(WebhookPolicy policy, Duration responseTimeout) {
        this.policy = policy;
        this.client = CallbackHttp.client(policy, responseTimeout);
        this.dispatch = dispatcher();
        client.start();
    }

    /** POSTs {@code body} to {@code url}; cancelling the future cancels the exchange. */
    public CompletableFuture<Attempt> post(String url, String deliveryId, String body) {
        CompletableFuture<Attempt> result = new CompletableFuture<>();
        if (!policy.enabled()) {
            result.complete(Attempt.failed("PREWARM_WEBHOOK_SECRET is not set on the server: callbacks are signed with it"));
            return result;
        }
        AsyncRequestProducer request;
        try {
            request = request(url, deliveryId, body.getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            result.complete(Attempt.failed(e.getMessage()));
            return result;
        }
        open.add(result);
        result.whenComplete((attempt, e) -> open.remove(result));
        result.completeOnTimeout(Attempt.failed("no complete answer within " + DEADLINE.toSeconds() + " s"), DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        try {
            dispatch.execute(() -> send(request, result));
        } catch (RejectedExecutionException e) {
            result.complete(Attempt.failed("the webhook sender is closed"));
        }
        return result;
    }

    private AsyncRequestProducer request(String url, String deliveryId, byte[] body) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            // not the parser's message: it repeats the URL, whose query may hold the receiver's token
            throw new IllegalArgumentException("callback URL is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("callback URL must be an absolute http:// or https:// URL with a host");
        }
        return AsyncRequestBuilder.post(uri)
                .setEntity(AsyncEntityProducers.create(body, JSON))
                .addHeader(Signature.HEADER, Signature.sign(policy.secret(), body))
                .addHeader(DELIVERY_HEADER, deliveryId)
                .build();
    }

    private void send(AsyncRequestProducer request, CompletableFuture<Attempt> result) {
        if (result.isDone()) {
            return;
        }
        ResponseHead head = new ResponseHead();
        try {
            Future<Attempt> exchange = client.execute(request, head, new FutureCallback<>() {
                @Override
                public void completed(Attempt attempt) {
                    result.complete(attempt);
                }

                @Override
                public void failed(Exception e) {
                    result.complete(head.head().orElseGet(() -> Attempt.failed(describe(e))));
                }

                @Override
                public void cancelled() {
                    result.complete(Attempt.failed("cancelled"));
                }
            });
            // a cancelled or timed-out attempt ends its exchange too (a no-op once the exchange has ended)
            result.whenComplete((attempt, e) -> exchange.cancel(true));
        } catch (RuntimeException e) {
            result.complete(Attempt.failed(describe(e)));
        }
    }

    /** A reason for the delivery's {@code lastError}: the policy's own words for refused addresses. */
    static String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnknownHostException) {
            return message.isEmpty() ? "host does not resolve" : message;
        }
        String detail = message.isEmpty() ? "" : ": " + message;
        if (e instanceof InterruptedIOException || e instanceof TimeoutException) {
            return "timed out" + detail;
        }
        if (e instanceof ConnectException) {
            return "cannot connect" + detail;
        }
        return e.getClass().getSimpleName() + detail;
    }

    /** Up to four threads that hand requests to the client (its name lookups run there); idle ones end. */
    private static ThreadPoolExecutor dispatcher() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "webhook-dispatch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public void close() {
        dispatch.shutdownNow();
        // every open attempt ends here, so nothing is left for a graceful close to wait for: a graceful
        // close would wait up to 5 s for the reactor while cancelled exchanges' connections wind down
        for (CompletableFuture<Attempt> attempt : open) {
            attempt.complete(Attempt.failed("the webhook sender is closed"));
        }
        client.close(CloseMode.IMMEDIATE);
    }
}
