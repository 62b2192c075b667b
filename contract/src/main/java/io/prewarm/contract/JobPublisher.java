package io.prewarm.contract;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a new job enters Kafka, for {@code POST /prewarm} and {@code POST /prewarm/retry} alike:
 * its request chunks on {@code prewarm.requests} and their registrations ({@link Job#of}, carrying
 * the whole request's URL count) on {@code prewarm.jobs}, both acknowledged before the caller answers,
 * so the status store knows the job and its whole {@code total} the moment the answer says it was
 * accepted. Cancels ({@link Job#cancel}) go to {@code prewarm.jobs} too.
 *
 * <p>A request of one chunk (most of them) is sent with its registration by an idempotent producer,
 * no transaction: accepted when both are acknowledged. A request whose registration could not be
 * written is still accepted (the expander's copy registers it; the status store's read-your-writes
 * wait covers the gap); a registration whose request was not taken is followed by a rejection, so
 * that job shows FAILED ("not accepted"), never running. A transaction per submission cost its
 * markers' round trips: measured with the benchmark's smoke ingest, 4 clients got 13-27 instead of
 * about 100 submissions a second. A chunked request goes in one transaction (all its chunks and
 * registrations or none, so a retry of a 503 cannot leave half a job): one sender thread commits one
 * for everything chunked queued since the last (group commit). A future fails within a few seconds
 * when Kafka cannot take the records; a failed transactional producer is replaced, its open
 * transaction aborted.
 */
public final class JobPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobPublisher.class);
    /** At most this many records in one transaction, so one burst never makes an unbounded one. */
    private static final int MAX_RECORDS_PER_TRANSACTION = 2_000;

    private record Pending(List<ProducerRecord<String, byte[]>> records, CompletableFuture<Void> done) {
    }

    private final Map<String, Object> settings;
    private final Duration defaultTimeout;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private final Serializer<PrewarmRequest> requests = new JsonSerde<>(PrewarmRequest.class).serializer();
    private final Serializer<Job> jobs = JOBS.valueSerde().serializer();
    private volatile boolean closing;
    private Producer<String, byte[]> producer;
    /** Idempotent, not transactional: one-chunk requests, their registrations, cancels. */
    private final Producer<String, byte[]> plain;

    /** @param defaultTimeout a job's deadline when its request gives no {@code timeout_minutes} */
    public JobPublisher(String bootstrapServers, Duration defaultTimeout, Clock clock) {
        this.defaultTimeout = defaultTimeout;
        this.clock = clock;
        settings = KafkaSettings.producer(bootstrapServers);
        // a transaction's commit (and its set-up) waits at most this long when the broker is away, so a
        // caller gets its 503 in seconds; a big request's transaction is many megabytes: time enough to send it
        settings.put("max.block.ms", 4_000);
        settings.put("request.timeout.ms", 4_000);
        settings.put("delivery.timeout.ms", 30_000);
        settings.put("transaction.timeout.ms", 60_000);
        settings.put("linger.ms", 1);
        // after a commit the next transaction's first send waits for the last one's markers
        // (CONCURRENT_TRANSACTIONS), retried after this backoff: the default 100 ms would cap a
        // publisher at a few transactions a second
        settings.put("retry.backoff.ms", 5);
        settings.put("retry.backoff.max.ms", 50);
        Map<String, Object> single = new HashMap<>(KafkaSettings.producer(bootstrapServers));
        single.put("max.block.ms", 3_000);
        single.put("request.timeout.ms", 3_000);
        single.put("delivery.timeout.ms", 4_000);
        single.put("linger.ms", 1);
        plain = new KafkaProducer<>(single, new StringSerializer(), new ByteArraySerializer());
        sender = new Thread(this::run, "job-publisher");
        sender.setDaemon(true);
        sender.start();
    }

    /**
     * Publishes {@code chunks} (one request, or the chunks {@link RequestChunker} made, or a retry's
     * chunks) under {@code requestID} with their registrations; completes when Kafka committed them.
     */
    public CompletableFuture<Void> publish(String requestID, List<PrewarmRequest> chunks) {
        long now = clock.millis();
        int urls = distinctUrls(chunks);
        if (chunks.size() == 1) {
            PrewarmRequest only = chunks.get(0);
            byte[] registration = jobs.serialize(JOBS.name(), Job.of(requestID, only, now, defaultTimeout).registering(urls));
            CompletableFuture<Void> request = send(new ProducerRecord<>(REQUESTS.name(), requestID, requests.serialize(REQUESTS.name(), only)));
            CompletableFuture<Void> registered = send(new ProducerRecord<>(JOBS.name(), requestID, registration));
            return request.whenComplete((ok, failed) -> {
                if (failed != null) {
                    // not accepted, but its registration may be written: a rejection after it ends that job FAILED, never running
                    registered.whenCompleteAsync((r, e) -> send(new ProducerRecord<>(JOBS.name(), requestID,
                            jobs.serialize(JOBS.name(), Job.rejected(requestID, now, "body: not accepted, Kafka was unavailable; submit it again")))));
                }
            }).thenCombine(registered.exceptionally(e -> {
                LOG.warn("request {} accepted, its registration not written ({}): it is known once the expander reads it", requestID, e.getMessage());
                return null;
            }), (a, b) -> null);
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(chunks.size() * 2);
        for (PrewarmRequest chunk : chunks) {
            Job registration = Job.of(requestID, chunk, now, defaultTimeout).registering(urls);
            records.add(new ProducerRecord<>(JOBS.name(), requestID, jobs.serialize(JOBS.name(), registration)));
        }
        for (PrewarmRequest chunk : chunks) {
            records.add(new ProducerRecord<>(REQUESTS.name(), requestID, requests.serialize(REQUESTS.name(), chunk)));
        }
        return enqueue(records);
    }

    /** A request's distinct URLs over all its chunks (a retry's URL may be in several chunks, one per variant). */
    private static int distinctUrls(List<PrewarmRequest> chunks) {
        if (chunks.size() == 1) {
            return chunks.get(0).urlList().size();
        }
        Set<String> urls = new HashSet<>();
        chunks.forEach(c -> urls.addAll(c.urlList()));
        return urls.size();
    }

    /** Publishes the cancel of job {@code requestID}; the status store applies it, the warmers learn it from there. */
    public CompletableFuture<Void> cancel(String requestID) {
        Job cancel = Job.cancel(requestID, clock.millis());
        return send(new ProducerRecord<>(JOBS.name(), requestID, jobs.serialize(JOBS.name(), cancel)));
    }

    /** One record through the idempotent producer: done when acknowledged (never call from a producer callback: it may block). */
    private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        if (closing) {
            acked.completeExceptionally(new KafkaException("the publisher is closed"));
            return acked;
        }
        try {
            plain.send(record, (meta, error) -> {
                if (error == null) {
                    acked.complete(null);
                } else {
                    acked.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    private CompletableFuture<Void> enqueue(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closing) {
            done.completeExceptionally(new KafkaException("the publisher is closed"));
        } else {
            queue.add(new Pending(records, done));
        }
        return done;
    }

    private void run() {
        while (!closing || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first == null) {
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            int records = first.records().size();
            for (Pending next = queue.peek(); next != null && records + next.records().size() <= MAX_RECORDS_PER_TRANSACTION; next = queue.peek()) {
                batch.add(queue.poll());
                records += next.records().size();
            }
            commit(batch);
        }
        queue.forEach(p -> p.done().completeExceptionally(new KafkaException("the publisher is closed")));
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        plain.close(Duration.ofSeconds(5));
    }

    private void commit(List<Pending> batch) {
        try {
            if (producer == null) {
                Map<String, Object> props = new HashMap<>(settings);
                props.put("transactional.id", "prewarm-publisher-" + UUID.randomUUID());
                producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                producer.initTransactions();
            }
            producer.beginTransaction();
            for (Pending p : batch) {
                p.records().forEach(producer::send);
            }
            producer.commitTransaction();
            batch.forEach(p -> p.done().complete(null));
        } catch (KafkaException e) {
            // the callers log the refusal (one line per request they answer 503)
            // whatever state the transaction is in, a fresh producer next time is the safe way out; closing aborts it
            if (producer != null) {
                producer.close(Duration.ZERO);
                producer = null;
            }
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** Publishes what is queued (within a few seconds), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            sender.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
