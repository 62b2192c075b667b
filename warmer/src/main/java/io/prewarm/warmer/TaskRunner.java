package io.prewarm.warmer;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one started task from its warm request to its acknowledged result, in two steps settled
 * once each and on every path. When the warm request ends ({@link Run#warmed}), however it ends
 * (a future that fails, a metrics registry or a batcher that throws), its slot comes back at
 * once: holding it through the result's linger and acknowledgement would cap the warm rate at
 * the broker's pace, not the edge's. A document task ({@link ReadDocument}) holds its slot until it
 * is read and its parts acknowledged, and its result is the document's. Its result then counts as pending until the
 * {@link ResultBatcher} reports how its record ended ({@link Run#delivered}); only an
 * acknowledgement counts towards its batch's offset, so a batch is done when all of its tasks'
 * results are acknowledged. See {@link TaskConsumer} for what an unacknowledged one does to the
 * commit point. It also ends, unsent, the tasks a cancelled job has not started ({@link #drop}),
 * and fails unsent those of a PoP backed off for too long ({@link #fail}). While a task runs, its
 * job is held in {@link LocalJobs} (its rate bucket stays, and it counts as a job at the PoP).
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final Warm warm;
    private final ReadDocument documents;
    private final ResultBatcher results;
    private final InFlightLimits limits;
    private final OffsetTracker offsets;
    private final WarmerMetrics metrics;
    private final LocalJobs jobs;

    TaskRunner(Warm warm, ReadDocument documents, ResultBatcher results, InFlightLimits limits, OffsetTracker offsets, WarmerMetrics metrics,
               LocalJobs jobs) {
        this.jobs = jobs;
        this.warm = warm;
        this.documents = documents;
        this.results = results;
        this.limits = limits;
        this.offsets = offsets;
        this.metrics = metrics;
    }

    /** Starts {@code task} of {@code batch}, whose slot at its PoP (and rate tokens) the caller has taken. */
    void start(Task task, PolledBatch batch) {
        if (batch.read() != null) {
            read(task, batch);
        } else {
            start(task, batch, warm);
        }
    }

    /** A document task: its slot is held until the document is read and its parts acknowledged; its result is the document's. */
    private void read(Task task, PolledBatch batch) {
        Run run = new Run(task, batch);
        try {
            jobs.hold(task.requestID(), task.maxRate(), List.of(task.pop()));
            documents.read(task, batch.read()).whenComplete(run::read);
        } catch (RuntimeException e) {
            run.read(null, e);
        }
    }

    /** Ends {@code task} of {@code batch}, whose slot the caller has taken, without a request: it fails with {@code reason}. */
    void fail(Task task, PolledBatch batch, String reason) {
        start(task, batch, t -> CompletableFuture.completedFuture(Verdicts.unanswered(t, System.nanoTime(), Outcome.FAILURE, 0, reason)));
    }

    private void start(Task task, PolledBatch batch, Warm how) {
        Run run = new Run(task, batch);
        try {
            jobs.hold(task.requestID(), task.maxRate(), List.of(task.pop()));
            how.warm(task).whenComplete(run::warmed);
        } catch (RuntimeException e) {
            run.warmed(null, e);
        }
    }

    /**
     * Ends the tasks of {@code batch} not started yet without sending them, as their job was
     * cancelled: no request, no result; they count as settled, so the batch's offset is committed
     * once its started tasks' results are acknowledged (at once when none started).
     */
    void drop(PolledBatch batch) {
        int dropped = batch.dropUnstarted();
        if (batch.settled(dropped)) {
            offsets.done(batch.partition(), batch.offset());
        }
        try {
            metrics.cancelled(dropped);
        } catch (RuntimeException e) {
            LOG.warn("{} cancelled tasks of request {} not counted in the metrics: {}", dropped, batch.requestID(), e.toString());
        }
    }

    /** One started task: the slot it holds at its PoP, then the pending result that may complete its batch. */
    private final class Run {
        private final Task task;
        private final PolledBatch batch;
        private final AtomicBoolean warmed = new AtomicBoolean();
        private final AtomicBoolean delivered = new AtomicBoolean();

        Run(Task task, PolledBatch batch) {
            this.task = task;
            this.batch = batch;
        }

        /** The warm request ended: count its result and hand it to the batcher, and give the slot back in any case. */
        void warmed(WarmResult result, Throwable error) {
            ended(result, error, () -> {
                count(result);
                return () -> results.add(result, this::delivered);
            });
        }

        /** The document was read and its parts acknowledged: its result goes out on its own, and the slot comes back in any case. */
        void read(Expansion.DocumentResult result, Throwable error) {
            ended(result, error, () -> {
                try {
                    metrics.document(result);
                } catch (RuntimeException e) {
                    LOG.warn("document {} not counted in the metrics: {}", task.url(), e.toString());
                }
                return () -> results.document(task.requestID(), result, this::delivered);
            });
        }

        /** Settles the task's end once: {@code counted} counts the result and says how to hand it over. */
        private void ended(Object result, Throwable error, java.util.function.Supplier<Runnable> counted) {
            if (!warmed.compareAndSet(false, true)) {
                return;
            }
            try {
                if (error != null || result == null) {
                    LOG.warn("task {} at {} ended without a result ({}); its batch stays uncommitted and is warmed again by the partition's next owner",
                            task.url(), task.pop(), error != null ? error.toString() : "no result");
                    return;
                }
                Runnable handOver = counted.get();
                limits.resultPending(); // before the slot comes back: the loop never sees room the bound has not
                try {
                    handOver.run();
                } catch (RuntimeException e) {
                    LOG.warn("result of {} at {} not produced ({}); its batch stays uncommitted", task.url(), task.pop(), e.toString());
                    delivered(e);
                }
            } finally {
                limits.release(task.pop());
                jobs.release(task.requestID(), List.of(task.pop()));
            }
        }

        private void count(WarmResult result) {
            try {
                metrics.record(result);
            } catch (RuntimeException e) {
                LOG.warn("result of {} at {} not counted in the metrics: {}", task.url(), task.pop(), e.toString());
            }
        }

        /** Kafka acknowledged the result's record ({@code error} null) or will not: the result is no longer pending. */
        void delivered(Exception error) {
            if (!delivered.compareAndSet(false, true)) {
                return;
            }
            try {
                if (error == null && batch.acknowledged()) {
                    offsets.done(batch.partition(), batch.offset());
                }
            } finally {
                limits.resultSettled();
            }
        }
    }
}
