package io.prewarm.warmer;

import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncDataConsumer;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The rate caps' last gate, in HttpClient's exec chain just before the main transport: the
 * connection is leased (and connected), and what follows is writing the request. Here each
 * request of a job takes its wire token ({@link LocalJobs#wire}) and, when the job or the process
 * is ahead of its rate, waits out its place on the timer thread before it goes on down the chain
 * (HttpClient's own chain elements proceed from other threads too, e.g. the pool's lease
 * callback). A request cancelled meanwhile (its task timed out) is failed, not written, so its
 * connection is discarded instead of staying leased. Requests without a job take no token.
 *
 * <p>A fresh client's path after the gate is slow once: the first request loads the classes that
 * write it and read its answer (tens of milliseconds in a freshly started JVM), and requests let
 * through meanwhile would queue behind it and reach the edge together. So the client's first
 * request goes alone and takes its token when it answers (or fails), which is no earlier than it
 * was written; the others wait for that, at most {@link #COLD_HOLD}, then take theirs in order.
 */
final class WireGate implements AsyncExecChainHandler {
    /** The context attribute naming the request's job. */
    static final String JOB = "prewarm.requestID";
    static final Duration COLD_HOLD = Duration.ofSeconds(1);

    private final LocalJobs jobs;
    private final ScheduledExecutorService timers;
    private final AtomicBoolean firstSent = new AtomicBoolean();
    private final AtomicBoolean warm = new AtomicBoolean();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile Future<?> coldHold;

    WireGate(LocalJobs jobs, ScheduledExecutorService timers) {
        this.jobs = jobs;
        this.timers = timers;
    }

    /** Names {@code requestID} as the job of the request sent with {@code context}. */
    static void tag(HttpContext context, String requestID) {
        context.setAttribute(JOB, requestID);
    }

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope, AsyncExecChain chain,
                        AsyncExecCallback callback) throws HttpException, IOException {
        String job = scope.clientContext.getAttribute(JOB) instanceof String id ? id : null;
        if (warm.get()) {
            pass(job, request, entity, scope, chain, callback);
        } else if (firstSent.compareAndSet(false, true)) {
            coldHold = schedule(this::open, COLD_HOLD.toNanos(), callback);
            chain.proceed(request, entity, scope, new FirstAnswer(callback, job));
        } else {
            held.add(() -> pass(job, request, entity, scope, chain, callback));
            if (warm.get()) {
                release(); // opened while this one was being added
            }
        }
    }

    /** Sends the request on now if its line at the wire is empty and has a token, else in its turn. */
    private void pass(String job, HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope, AsyncExecChain chain,
                      AsyncExecCallback callback) {
        Runnable send = () -> proceed(request, entity, scope, chain, callback);
        WireLine line = job == null ? null : jobs.line(job);
        long drainIn = line == null ? WireLine.NOW : line.offer(send);
        if (drainIn == WireLine.NOW) {
            send.run();
        } else if (drainIn != WireLine.DRAIN_DUE) {
            schedule(() -> drain(line), drainIn, callback);
        }
    }

    /** Lets go what has its token now; comes back when the next one will. */
    private void drain(WireLine line) {
        WireLine.Drained drained = line.drain();
        drained.go().forEach(Runnable::run);
        if (drained.nextNanos() != WireLine.NOW) {
            schedule(() -> drain(line), drained.nextNanos(), null);
        }
    }

    private void proceed(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope, AsyncExecChain chain,
                         AsyncExecCallback callback) {
        try {
            if (scope.cancellableDependency.isCancelled()) {
                callback.failed(new CancellationException("cancelled while held back by the rate cap"));
            } else {
                chain.proceed(request, entity, scope, callback);
            }
        } catch (HttpException | IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    private Future<?> schedule(Runnable step, long nanos, AsyncExecCallback callback) {
        try {
            return timers.schedule(step, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            if (callback != null) {
                callback.failed(e); // the timers are shut down: the warmer is closing
            }
            return null;
        }
    }

    /** The first request answered or failed, or the cold hold is over: every request takes its token from now on. */
    private void open() {
        warm.set(true);
        Future<?> hold = coldHold;
        if (hold != null) {
            hold.cancel(false);
        }
        release();
    }

    private void release() {
        for (Runnable next; (next = held.poll()) != null; ) {
            next.run();
        }
    }

    /** The first request's callback: its answer (or failure) takes its token and opens the gate. */
    private final class FirstAnswer implements AsyncExecCallback {
        private final AsyncExecCallback callback;
        private final String job;
        private final AtomicBoolean settled = new AtomicBoolean();

        FirstAnswer(AsyncExecCallback callback, String job) {
            this.callback = callback;
            this.job = job;
        }

        private void settle() {
            if (settled.compareAndSet(false, true)) {
                WireLine line = job == null ? null : jobs.line(job);
                if (line != null) {
                    line.charge();
                }
                open();
            }
        }

        @Override
        public AsyncDataConsumer handleResponse(HttpResponse response, EntityDetails details) throws HttpException, IOException {
            settle();
            return callback.handleResponse(response, details);
        }

        @Override
        public void handleInformationResponse(HttpResponse response) throws HttpException, IOException {
            settle();
            callback.handleInformationResponse(response);
        }

        @Override
        public void completed() {
            settle();
            callback.completed();
        }

        @Override
        public void failed(Exception cause) {
            settle();
            callback.failed(cause);
        }
    }
}
