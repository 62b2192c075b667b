package io.prewarm.warmer;

import static io.prewarm.contract.Topics.RESULTS;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.WarmResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns finished tasks' results into few records: per job (the requestID, the topic's key) they
 * are collected and sent as one {@link ResultBatch} once {@code maxResults} are there or the
 * linger has passed, whichever comes first. One thread sends them all, so HTTP threads never wait
 * on the producer, and it runs the one linger timer there is: the first result collected while
 * none is armed arms it, and each flush sends every job collected so far, in the order of their
 * first result. A result is held here only until its record is sent (the collection is handed
 * over whole, nothing per task stays behind); its {@link Delivered} is called exactly once, when
 * Kafka acknowledged the record or when it will not, including for results added after
 * {@link #close}.
 */
final class ResultBatcher implements AutoCloseable {
    static final int MAX_RESULTS = 500;
    static final Duration LINGER = Duration.ofMillis(5);
    private static final Logger LOG = LoggerFactory.getLogger(ResultBatcher.class);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(10);

    /** Told once whether a result reached Kafka: {@code error} null when its record was acknowledged. */
    @FunctionalInterface
    interface Delivered {
        void delivered(Exception error);
    }

    private final Producer<String, ResultBatch> producer;
    private final int maxResults;
    private final Duration linger;
    private final ScheduledThreadPoolExecutor sender;
    private Map<String, Collected> collected = new LinkedHashMap<>();
    private boolean armed;
    private boolean closed;

    ResultBatcher(Producer<String, ResultBatch> producer, int maxResults, Duration linger) {
        this.producer = producer;
        this.maxResults = maxResults;
        this.linger = linger;
        this.sender = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "warm-results");
            t.setDaemon(true);
            return t;
        });
        // on close the last flush sends everything; an armed timer must not hold the shutdown for its linger
        sender.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Collects {@code result} for its job's next record; {@code delivered} learns how that record ended. */
    void add(WarmResult result, Delivered delivered) {
        Collected full = null;
        boolean refused;
        synchronized (this) {
            refused = closed;
            if (!refused) {
                Collected job = collected.computeIfAbsent(result.requestID(), Collected::new);
                job.add(result, delivered);
                if (job.results.size() >= maxResults) {
                    full = collected.remove(result.requestID());
                } else if (!armed) {
                    armed = true;
                    sender.schedule(this::flush, linger.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }
        if (refused) {
            delivered.delivered(new IllegalStateException("the warmer is closing; result not produced"));
        } else if (full != null) {
            sendFromSender(full);
        }
    }

    /**
     * Tells a job, in a record of its own with no results, that this warmer backed off from a PoP
     * or stopped backing off ({@code words}). Sent from the sender thread; a word that does not
     * reach Kafka is only logged: the next open or close says it again.
     */
    void tell(String requestID, List<ResultBatch.PopBackoff> words) {
        try {
            sender.execute(() -> {
                try {
                    producer.send(new ProducerRecord<>(RESULTS.name(), requestID, new ResultBatch(requestID, List.of(), words)), (meta, error) -> {
                        if (error != null) {
                            LOG.warn("PoP back-off word for request {} not produced: {}", requestID, error.getMessage());
                        }
                    });
                } catch (RuntimeException e) {
                    LOG.warn("PoP back-off word for request {} not produced: {}", requestID, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: the word is moot
        }
    }

    /**
     * Sends a document task's result in a record of its own ({@code documents} only), from the sender
     * thread; {@code delivered} learns how it ended, also when the batcher is closed.
     */
    void document(String requestID, Expansion.DocumentResult result, Delivered delivered) {
        boolean refused;
        synchronized (this) {
            refused = closed;
        }
        if (refused) {
            delivered.delivered(new IllegalStateException("the warmer is closing; document result not produced"));
            return;
        }
        ResultBatch record = new ResultBatch(requestID, List.of(), List.of(), List.of(result));
        try {
            sender.execute(() -> {
                try {
                    producer.send(new ProducerRecord<>(RESULTS.name(), requestID, record), (meta, error) -> delivered.delivered(error));
                } catch (RuntimeException e) {
                    delivered.delivered(e); // a send that throws never calls back
                }
            });
        } catch (RejectedExecutionException e) {
            delivered.delivered(new IllegalStateException("the warmer is closing; document result not produced"));
        }
    }

    /** Sends every job collected so far, one record each; run by the linger timer and on close. */
    void flush() {
        Map<String, Collected> due;
        synchronized (this) {
            due = collected;
            collected = new LinkedHashMap<>();
            armed = false;
        }
        due.values().forEach(this::send);
    }

    /** Results collected and not yet handed to the producer. */
    synchronized int held() {
        return collected.values().stream().mapToInt(c -> c.results.size()).sum();
    }

    /** Timers queued on the sender: the one linger timer while results are collected, else none. */
    int armedTimers() {
        return sender.getQueue().size();
    }

    private void sendFromSender(Collected job) {
        try {
            sender.execute(() -> send(job));
        } catch (RejectedExecutionException e) {
            job.settle(new IllegalStateException("the warmer is closing; results not produced"));
        }
    }

    private void send(Collected job) {
        try {
            producer.send(new ProducerRecord<>(RESULTS.name(), job.requestID, new ResultBatch(job.requestID, job.results)),
                    (meta, error) -> job.settle(error));
        } catch (RuntimeException e) {
            job.settle(e); // a send that throws never calls back
        }
    }

    /** Sends what is collected, then stops the sender; before the producer closes. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sender.execute(this::flush);
        sender.shutdown();
        try {
            if (!sender.awaitTermination(CLOSE_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("result sender did not stop within {} s", CLOSE_LIMIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One job's results on their way into one record, with whom to tell how it ended. */
    private static final class Collected {
        private final String requestID;
        private final List<WarmResult> results = new ArrayList<>();
        private final List<Delivered> waiting = new ArrayList<>();

        Collected(String requestID) {
            this.requestID = requestID;
        }

        void add(WarmResult result, Delivered delivered) {
            results.add(result);
            waiting.add(delivered);
        }

        void settle(Exception error) {
            if (error != null) {
                LOG.warn("{} results of request {} not produced ({}); their batches stay uncommitted and are warmed again by the partitions' next owner",
                        results.size(), requestID, error.getMessage());
            }
            for (Delivered d : waiting) {
                try {
                    d.delivered(error);
                } catch (RuntimeException e) {
                    // one broken callback must not keep the other results' slots and offsets
                    LOG.warn("a result delivery callback of request {} failed: {}", requestID, e.toString());
                }
            }
        }
    }
}
