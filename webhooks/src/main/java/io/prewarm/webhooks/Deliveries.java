package io.prewarm.webhooks;

import io.prewarm.webhooks.DeliveryState.State;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callbacks of one status store task: at-least-once delivery from a durable {@link DeliveryLog}
 * without ever blocking the thread that owns the log. {@link #schedule} records a job's delivery once;
 * {@link #tick}, called every second on the same thread, writes the outcomes of attempts that finished
 * since (they arrive on HTTP threads, into a queue: only the tick writes the log), then starts the due
 * ones, at most {@link #MAX_IN_FLIGHT} at a time. The log is the truth; an in-memory due index (filled
 * from {@link DeliveryLog#all()} on the first tick, so deliveries pending before a restart resume)
 * spares the tick a scan of the whole log. An attempt still in flight at a crash is sent again after
 * the restart, under the same delivery id.
 */
public final class Deliveries implements AutoCloseable {
    static final int MAX_IN_FLIGHT = 32;
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

    private final DeliveryLog log;
    private final WebhookSender sender;
    private final LongSupplier clock;
    private final NavigableSet<Due> due = new TreeSet<>();
    private final Map<String, CompletableFuture<Attempt>> inFlight = new ConcurrentHashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private boolean loaded;

    /** Retry delays count from when the attempt finished, on the wall clock. */
    public Deliveries(DeliveryLog log, WebhookSender sender) {
        this(log, sender, System::currentTimeMillis);
    }

    /** Retry delays count from {@code clock} (epoch ms, read on the HTTP thread as an attempt finishes). */
    public Deliveries(DeliveryLog log, WebhookSender sender, LongSupplier clock) {
        this.log = log;
        this.sender = sender;
        this.clock = clock;
    }

    /** Records the delivery of {@code body} to {@code url} for the job, due at once; a no-op when the job has one. */
    public void schedule(String requestID, String url, String body, long now) {
        if (log.get(requestID).isPresent()) {
            return;
        }
        DeliveryState first = DeliveryState.first(requestID, url, body, now);
        log.put(first);
        due.add(new Due(first.nextAttemptAt(), requestID));
    }

    /** Applies finished attempts, then starts due deliveries; returns at once. */
    public void tick(long now) {
        if (!loaded) {
            for (DeliveryState s : log.all()) {
                if (s.state() == State.PENDING) {
                    due.add(new Due(s.nextAttemptAt(), s.requestID()));
                }
            }
            loaded = true;
        }
        for (Finished f; (f = finished.poll()) != null; ) {
            apply(f);
        }
        while (inFlight.size() < MAX_IN_FLIGHT && !due.isEmpty() && due.first().at() <= now) {
            String requestID = due.pollFirst().requestID();
            Optional<DeliveryState> state = log.get(requestID).filter(s -> s.state() == State.PENDING && !inFlight.containsKey(requestID));
            if (state.isPresent() && state.get().nextAttemptAt() > now) {
                due.add(new Due(state.get().nextAttemptAt(), requestID));
            } else {
                state.ifPresent(this::start);
            }
        }
    }

    /** Attempts started and not yet applied. */
    public int inFlight() {
        return inFlight.size();
    }

    private void start(DeliveryState s) {
        CompletableFuture<Attempt> attempt = sender.post(s.url(), s.deliveryId(), s.body());
        inFlight.put(s.requestID(), attempt);
        attempt.whenComplete((a, e) -> finished.add(new Finished(s.requestID(),
                a != null ? a : Attempt.failed(WebhookSender.describe(e)), clock.getAsLong())));
    }

    private void apply(Finished f) {
        inFlight.remove(f.requestID());
        Optional<DeliveryState> current = log.get(f.requestID()).filter(s -> s.state() == State.PENDING);
        if (current.isEmpty()) {
            return; // the job (and its delivery) was swept meanwhile
        }
        DeliveryState next = Backoff.next(current.get(), f.attempt(), f.at());
        log.put(next);
        report(next);
        if (next.state() == State.PENDING) {
            due.add(new Due(next.nextAttemptAt(), next.requestID()));
        }
    }

    private static void report(DeliveryState s) {
        String to = origin(s.url());
        String answer = s.lastStatus() != null ? "HTTP " + s.lastStatus() : s.lastError();
        switch (s.state()) {
            case DELIVERED -> LOG.info("webhook of job {} delivered to {}: {} (attempt {})", s.requestID(), to, answer, s.attempts());
            case PENDING -> LOG.info("webhook of job {} to {}: attempt {} got {}; will retry at {}",
                    s.requestID(), to, s.attempts(), answer, Instant.ofEpochMilli(s.nextAttemptAt()));
            case GAVE_UP -> LOG.warn("webhook of job {} to {}: gave up after {} attempts over 24 h; the last got {}",
                    s.requestID(), to, s.attempts(), answer);
            case FAILED -> LOG.warn("webhook of job {} to {} failed: {} (attempt {}), not retried", s.requestID(), to, answer, s.attempts());
        }
    }

    /** Scheme, host and port only: a callback URL's path and query often hold a token. */
    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an invalid URL";
        }
    }

    /** Cancels the attempts in flight (their deliveries stay PENDING in the log, to be sent again after a restart). */
    @Override
    public void close() {
        inFlight.values().forEach(f -> f.cancel(true));
        inFlight.clear();
        finished.clear();
        due.clear();
    }

    private record Due(long at, String requestID) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int byTime = Long.compare(at, o.at);
            return byTime != 0 ? byTime : requestID.compareTo(o.requestID);
        }
    }

    private record Finished(String requestID, Attempt attempt, long at) {
    }
}
