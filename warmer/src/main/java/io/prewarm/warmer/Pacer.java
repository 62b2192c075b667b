package io.prewarm.warmer;

import io.prewarm.contract.Task;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * When a task's retry or verification may be sent: after its delay, once the PoP's circuit lets it
 * go ({@link PopCircuits}) and the job's and the process's rate buckets have a token for it
 * ({@link LocalJobs}), every wait on the warmer's one timer thread, never on a caller's. The first
 * attempt is paced by the consumer loop instead; this is for the requests a task sends after it.
 */
final class Pacer {
    /** How long a request held by a backed-off PoP waits before it asks the circuit again, at most. */
    static final long CIRCUIT_RECHECK_MS = 1_000;

    private final LocalJobs jobs;
    private final PopCircuits circuits;
    private final ScheduledExecutorService timers;

    Pacer(LocalJobs jobs, PopCircuits circuits, ScheduledExecutorService timers) {
        this.jobs = jobs;
        this.circuits = circuits;
        this.timers = timers;
    }

    /**
     * Sends {@code next} after {@code delayMs}, once the circuit and the buckets let it go. When the
     * job's deadline would pass first, or the PoP was given up, nothing is sent and the result is
     * {@code notSent} of the reason.
     */
    <T> CompletableFuture<T> paced(Task task, long delayMs, Supplier<CompletableFuture<T>> next, Function<String, T> notSent) {
        CompletableFuture<T> out = new CompletableFuture<>();
        later(TimeUnit.MILLISECONDS.toNanos(delayMs), out, () -> admit(task, next, notSent, out));
        return out;
    }

    private <T> void admit(Task task, Supplier<CompletableFuture<T>> next, Function<String, T> notSent, CompletableFuture<T> out) {
        long now = System.currentTimeMillis();
        long wait = circuits.retryWaitMillis(task.pop());
        if (wait < 0) {
            out.complete(notSent.apply("PoP " + task.pop() + " is backed off"));
        } else if (now + wait >= task.deadline()) {
            out.complete(notSent.apply("job deadline passed before the check was sent"));
        } else if (wait > 0) {
            // looked at again within a second: a probe's answer may close the circuit long before its lease ends
            later(TimeUnit.MILLISECONDS.toNanos(Math.min(wait, CIRCUIT_RECHECK_MS)), out, () -> admit(task, next, notSent, out));
        } else {
            later(jobs.reserve(task.requestID()), out, () -> next.get().whenComplete((r, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(r);
                }
            }));
        }
    }

    /** The Retry-After the answer gave (a 429's, a 503's), else {@code base} doubled per attempt, with jitter. */
    static long retryDelayMillis(int attempt, EdgeResponse response, Duration base) {
        OptionalLong asked = response == null ? OptionalLong.empty() : RetryAfter.millis(response.retryAfter(), System.currentTimeMillis());
        if (asked.isPresent()) {
            return asked.getAsLong();
        }
        long delay = base.toMillis() << Math.min(attempt - 1, 20);
        return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
    }

    /** Runs {@code step} after {@code nanos} on the timer thread (at once for 0); anything it throws fails {@code out}. */
    private void later(long nanos, CompletableFuture<?> out, Runnable step) {
        Runnable guarded = () -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        };
        try {
            if (nanos <= 0) {
                guarded.run();
            } else {
                timers.schedule(guarded, nanos, TimeUnit.NANOSECONDS);
            }
        } catch (RuntimeException e) {
            out.completeExceptionally(e); // the timers are shut down: the warmer is closing
        }
    }
}
