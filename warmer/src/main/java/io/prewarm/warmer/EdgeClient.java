package io.prewarm.warmer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.prewarm.contract.Distribution;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task is warmed: resolve the PoP's name, send the task's request to one of its addresses
 * ({@link EdgeExchange}), retry what is worth retrying at the next address, and, with verification
 * on, ask the same address again whether the object is now cached ({@link Verdicts} says what the
 * answers mean). Every answer tells the PoP's circuit ({@link PopCircuits}) whether the PoP is
 * overloaded. The first attempt's start token was taken by the consumer loop; each retry and the
 * verification wait for theirs and for an open circuit ({@link Pacer}); every request then takes its wire token once its connection is leased
 * ({@link WireGate}). One long-lived async client serves every task; connections are pooled per
 * (host, PoP address). Every way a task can end, exceptions included, becomes a
 * {@link WarmResult}: this class never fails a future.
 */
final class EdgeClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeClient.class);
    private final WarmerConfig config;
    private final EdgeResolver resolver;
    private final PopCircuits circuits;
    private final WarmerMetrics metrics;
    private final CloseableHttpAsyncClient http;
    private final ScheduledThreadPoolExecutor timers = timers();
    private final EdgeExchange exchange;
    private final Pacer pacer;

    /** One request's end: its answer or its exception, after how many attempts, at which address. */
    private record Attempted(EdgeResponse response, Throwable error, int attempts, InetAddress address) {
    }

    EdgeClient(WarmerConfig config, EdgeResolver resolver, LocalJobs jobs, PopCircuits circuits, WarmerMetrics metrics) {
        this.config = config;
        this.resolver = resolver;
        this.circuits = circuits;
        this.metrics = metrics;
        this.http = EdgeHttp.client(config, new WireGate(jobs, timers));
        this.exchange = new EdgeExchange(http, config, timers);
        this.pacer = new Pacer(jobs, circuits, timers);
        http.start();
    }

    /** A client with no other user of its rate caps and circuits, and meters nobody reads. */
    EdgeClient(WarmerConfig config, EdgeResolver resolver) {
        this(config, resolver, new LocalJobs(config.maxRate()), new PopCircuits(config.popCircuits()), new WarmerMetrics(new SimpleMeterRegistry()));
    }

    /**
     * One timer thread for every request's timeout, retry delay and wait for a token or a circuit.
     * A request's timeout is cancelled when it ends; without the remove-on-cancel policy the
     * cancelled timer (and the task it holds) would stay queued for the whole task timeout, and the
     * heap would hold rate x timeout finished tasks.
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
            return CompletableFuture.completedFuture(Verdicts.unanswered(task, started, Outcome.SKIPPED, 0, "job deadline passed before the task was sent"));
        }
        Optional<String> refused = refused(task);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(Verdicts.unanswered(task, started, Outcome.FAILURE, 0, refused.get()));
        }
        return addresses(task).thenCompose(addresses -> warmAt(task, addresses, started))
                .exceptionally(e -> Verdicts.unanswered(task, started, Outcome.FAILURE, 0, reasonFor(unwrap(e))));
    }

    /** How a document task's request ended: the last attempt's answer, or why there was none. */
    record Fetched(EdgeResponse response, String error) {
    }

    /**
     * A document task's request, sent as a warm request is (the guard, the PoP's addresses, the
     * circuit, the caps, retries at the next address), never verified; each attempt's body goes to
     * a fresh {@code bodies.get()}. An attempt whose body began to be read is never retried: what
     * it named is already on its way. The future always completes normally.
     */
    CompletableFuture<Fetched> fetch(Task task, Map<String, String> extra, Supplier<DocumentBody> bodies) {
        if (System.currentTimeMillis() > task.deadline()) {
            return CompletableFuture.completedFuture(new Fetched(null, "job deadline passed before the document was read"));
        }
        Optional<String> refused = refused(task);
        if (refused.isPresent()) {
            return CompletableFuture.completedFuture(new Fetched(null, refused.get()));
        }
        return addresses(task).thenCompose(addresses -> attempt(task, a -> addresses.get((a - 1) % addresses.size()), extra, bodies, false, 1))
                .thenApply(last -> last.error() == null ? new Fetched(last.response(), null)
                        : new Fetched(null, Failures.describe(last.error(), last.address(), config)))
                .exceptionally(e -> new Fetched(null, reasonFor(unwrap(e))));
    }

    private static Optional<String> refused(Task task) {
        Optional<String> refused = TaskGuard.problem(task);
        refused.ifPresent(why -> LOG.warn("task of request {} refused, nothing sent: {}", task.requestID(), why));
        return refused.map(why -> "task refused: " + why);
    }

    /** The addresses of the task's PoP, its distribution found from the URL host's CNAME chain when the task names none. */
    private CompletableFuture<List<InetAddress>> addresses(Task task) {
        CompletableFuture<String> dist = task.dist() != null ? CompletableFuture.completedFuture(task.dist())
                : resolver.distOf(URI.create(task.url()).getHost());
        return dist.thenCompose(d -> resolver.resolve(Distribution.popHost(d, task.pop())));
    }

    private CompletableFuture<WarmResult> warmAt(Task task, List<InetAddress> addresses, long started) {
        boolean verifies = task.verifies(config.verifyByDefault());
        return attempt(task, a -> addresses.get((a - 1) % addresses.size()), Map.of(), BodyCounter::new, false, 1).thenCompose(first -> {
            if (first.error() != null) {
                return done(Verdicts.unanswered(task, started, Outcome.FAILURE, first.attempts(), Failures.describe(first.error(), first.address(), config)));
            }
            if (!Verdicts.needsCheck(first.response(), verifies)) {
                return done(Verdicts.answered(task, started, first.attempts(), first.response(), verifies));
            }
            return check(task, first, started);
        });
    }

    /** The verification: the same address, the same variant, conditional on the first answer's validators when it had any. */
    private CompletableFuture<WarmResult> check(Task task, Attempted first, long started) {
        EdgeResponse r = first.response();
        Map<String, String> conditional = r.etag() != null ? Map.of("If-None-Match", r.etag())
                : r.lastModified() != null ? Map.of("If-Modified-Since", r.lastModified()) : Map.of();
        return pacer.paced(task, 0, () -> attempt(task, a -> first.address(), conditional, BodyCounter::new, true, 1), EdgeClient::notSent).thenApply(second -> second.error() != null
                ? Verdicts.uncheckable(task, started, first.attempts(), r, Failures.describe(second.error(), second.address(), config))
                : Verdicts.checked(task, started, first.attempts(), r, second.response()));
    }

    /**
     * Attempt number {@code attempt} of the warm request ({@code check} false) or of its verification, and the ones after it;
     * each attempt's body goes to a fresh {@code bodies.get()}.
     */
    private CompletableFuture<Attempted> attempt(Task task, IntFunction<InetAddress> addressOf, Map<String, String> extra,
                                                 Supplier<? extends AsyncResponseConsumer<EdgeResponse>> bodies, boolean check, int attempt) {
        InetAddress address = addressOf.apply(attempt);
        if (check) {
            metrics.verificationSent();
        }
        AsyncResponseConsumer<EdgeResponse> body = bodies.get();
        return exchange.send(task, address, extra, body).handle((response, error) -> {
            Throwable e = error == null ? null : unwrap(error);
            observe(task.pop(), response, e);
            Attempted done = new Attempted(response, e, attempt, address);
            boolean retryable = e != null ? Failures.retryable(e) && !(body instanceof DocumentBody d && d.began())
                    : Failures.retryable(response.status());
            if (!retryable || attempt >= config.maxAttempts() || System.currentTimeMillis() >= task.deadline()) {
                return CompletableFuture.completedFuture(done);
            }
            return pacer.paced(task, Pacer.retryDelayMillis(attempt, response, config.retryBackoff()), () -> attempt(task, addressOf, extra, bodies, check, attempt + 1),
                    reason -> done); // a retry not sent ends with the attempt before it
        }).thenCompose(f -> f);
    }

    /** What this answer or exception says about the PoP's load. */
    private void observe(String pop, EdgeResponse response, Throwable e) {
        String overload = Failures.overload(response, e);
        if (overload != null) {
            circuits.overloaded(pop, overload, response == null ? null : response.retryAfter());
        } else if (response != null) {
            circuits.answered(pop, "HTTP " + response.status());
        }
    }

    private static Attempted notSent(String reason) {
        return new Attempted(null, new Failures.NotSentException(reason), 0, null);
    }

    private static CompletableFuture<WarmResult> done(WarmResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String reasonFor(Throwable e) {
        if (e instanceof UnknownHostException) {
            return "PoP did not resolve: " + e.getMessage();
        }
        return e instanceof EdgeResolver.NoDistributionException ? e.getMessage() : Failures.describe(e, null, null);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** Timers queued now (each running request's timeout, pending retries and waits): none once every task has ended. */
    int pendingTimers() {
        return timers.getQueue().size();
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
        timers.shutdownNow();
    }
}
