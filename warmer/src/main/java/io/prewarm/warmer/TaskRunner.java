package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;

import io.prewarm.contract.Task;
import io.prewarm.contract.WarmResult;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one started task from its warm request to its acknowledged result: count it, produce it,
 * then complete its offset and give its slot back. The bookkeeping is settled in one place,
 * {@link Run#end}, exactly once per task and on every path (a warm future that fails, a metrics
 * registry or a send that throws, a send whose callback reports an error), so a slot, a PoP's
 * count or a partition's commit point can never be lost. Only an acknowledged result completes
 * the offset; see {@link TaskConsumer} for what an unacknowledged one does to the commit point.
 */
final class TaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private final Warm warm;
    private final Producer<String, WarmResult> producer;
    private final InFlightLimits limits;
    private final OffsetTracker offsets;
    private final WarmerMetrics metrics;

    TaskRunner(Warm warm, Producer<String, WarmResult> producer, InFlightLimits limits, OffsetTracker offsets, WarmerMetrics metrics) {
        this.warm = warm;
        this.producer = producer;
        this.limits = limits;
        this.offsets = offsets;
        this.metrics = metrics;
    }

    /** Starts {@code task}, polled at {@code offset} of {@code partition}, whose slot at its PoP the caller has taken. */
    void start(Task task, TopicPartition partition, long offset) {
        Run run = new Run(task, partition, offset);
        try {
            warm.warm(task).whenComplete(run::warmed);
        } catch (RuntimeException e) {
            run.end(e);
        }
    }

    /** One started task: the slot it holds at its PoP and the offset it may complete. */
    private final class Run {
        private final Task task;
        private final TopicPartition partition;
        private final long offset;
        private final AtomicBoolean ended = new AtomicBoolean();

        Run(Task task, TopicPartition partition, long offset) {
            this.task = task;
            this.partition = partition;
            this.offset = offset;
        }

        /** The warm request ended: count it and hand its result to Kafka; the producer's callback ends the task. */
        void warmed(WarmResult result, Throwable error) {
            if (error != null || result == null) {
                end(error != null ? error : new IllegalStateException("the warm request ended without a result"));
                return;
            }
            try {
                metrics.record(result);
            } catch (RuntimeException e) {
                LOG.warn("result of {} at {} not counted in the metrics: {}", task.url(), task.pop(), e.toString());
            }
            try {
                producer.send(new ProducerRecord<>(RESULTS.name(), result.requestID(), result), (meta, sendError) -> end(sendError));
            } catch (RuntimeException e) {
                end(e); // a send that throws never calls back
            }
        }

        /** Completes the offset if the result was acknowledged ({@code error} null), and gives the slot back in any case. */
        void end(Throwable error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                if (error == null) {
                    offsets.done(partition, offset);
                } else {
                    LOG.warn("result of {} at {} not produced ({}); the task will be warmed again after a restart",
                            task.url(), task.pop(), error.getMessage());
                }
            } finally {
                limits.release(task.pop());
            }
        }
    }
}
