package io.prewarm.status.query;

import io.prewarm.status.fold.StatusStores;
import io.prewarm.status.fold.UrlOutcomeReader;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Thin layer over Kafka Streams' interactive queries: who owns a requestID, and what the local
 * store holds for it. While Streams is rebalancing the owner is unknown
 * ({@link KeyQueryMetadata#NOT_AVAILABLE}) and that is reported as such, never as "not found"; a
 * job the local store does not hold is looked up read-your-writes, waiting at most {@code readWait}.
 */
public final class StatusQueries implements AutoCloseable {
    public sealed interface Owner permits Local, Remote, Unavailable {
    }

    public record Local(int partition) implements Owner {
    }

    public record Remote(HostInfo host) implements Owner {
    }

    public record Unavailable(String why) implements Owner {
    }

    private final KafkaStreams streams;
    private final HostInfo self;
    private final CatchUpGate caughtUp;
    private final WrittenBefore written;
    private final Duration readWait;
    private static final Duration WATCH_EVERY = Duration.ofMillis(200);
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-catch-up-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param self           this instance's {@code application.server}
     * @param commitInterval the Streams app's {@code commit.interval.ms}, which the catch-up wait after a takeover depends on
     * @param written        how far this instance (and the expander) read their inputs
     * @param readWait       how long a query for a job not (yet) in the store waits for that before answering 503
     */
    public StatusQueries(KafkaStreams streams, HostInfo self, Duration commitInterval, WrittenBefore written, Duration readWait) {
        this.streams = streams;
        this.self = self;
        this.caughtUp = new CatchUpGate(new StreamsInputProgress(streams), CatchUpGate.settleTime(commitInterval), System::nanoTime);
        this.written = written;
        this.readWait = readWait;
        watcher.scheduleWithFixedDelay(this::watchInputs, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The catch-up gate notices a change of this instance's partitions, and their input read to the end,
     * on its own, not only when a query asks: otherwise the first query after a quiet spell could find
     * the input just written to (the POST it follows) and wait a settle time it did not need.
     */
    private void watchInputs() {
        try {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                caughtUp.ready();
            }
        } catch (RuntimeException e) {
            // the next query asks again; a metric read that fails here must not end the watch
        }
    }

    /** Stops watching the inputs. */
    @Override
    public void close() {
        watcher.shutdownNow();
    }

    /** The job's header from {@code reader} (of its partition), read-your-writes: see {@link JobLookup}. */
    public JobLookup.Result find(StatusReader reader, String requestID, int partition) {
        return JobLookup.find(() -> reader.header(requestID), partition, written, deadline());
    }

    /** How far this instance and the expander read their inputs. */
    public WrittenBefore written() {
        return written;
    }

    /** A deadline ({@link System#nanoTime}) {@code readWait} from now. */
    private long deadline() {
        return System.nanoTime() + readWait.toNanos();
    }

    public Owner owner(String requestID) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Unavailable("status store is " + state);
        }
        KeyQueryMetadata meta = streams.queryMetadataForKey(StatusStores.HEADERS.name(), requestID, Serdes.String().serializer());
        if (meta == null || meta.equals(KeyQueryMetadata.NOT_AVAILABLE) || meta.activeHost() == null) {
            return new Unavailable("status store is rebalancing");
        }
        if (!meta.activeHost().equals(self)) {
            return new Remote(meta.activeHost());
        }
        return caughtUp.ready() ? new Local(meta.partition()) : new Unavailable("status store is catching up with its input");
    }

    /**
     * A reader over this instance's stores of one partition.
     *
     * @throws InvalidStateStoreException when the partition is not (or no longer) queryable here
     */
    public StatusReader local(int partition) {
        return new StatusReader(store(StatusStores.HEADERS, partition), store(StatusStores.URLS, partition),
                new UrlOutcomeReader(store(StatusStores.OUTCOMES, partition), store(StatusStores.LEGACY_TASKS, partition)),
                store(StatusStores.FAILURES, partition), store(StatusStores.WEBHOOKS, partition), store(StatusStores.UNCACHEABLE, partition),
                store(StatusStores.DOCUMENTS, partition));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(StatusStores.Store<V> store, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(store.name(), QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
