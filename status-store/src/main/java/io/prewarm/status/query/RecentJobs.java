package io.prewarm.status.query;

import io.prewarm.status.fold.JobHeader;
import io.prewarm.status.fold.StatusStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The newest jobs, for {@code GET /jobs}: each status instance lists the newest headers of the
 * partitions it hosts, and the instance asked merges its own list with its peers'. There is no
 * index by creation time, so a local listing reads every local job header (O(jobs held): about
 * 30 ms per thousand headers, mostly their JSON) while keeping only the newest {@value #MAX_LIMIT}
 * in memory; retention bounds how many headers there are. One listing is reused for
 * {@link #REUSE_NANOS} ns, so dashboards polling every second cost at most one scan per second.
 */
public final class RecentJobs {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 200;
    /** Newest first; the requestID breaks ties so every instance orders alike. */
    static final Comparator<JobSummary> NEWEST_FIRST =
            Comparator.comparingLong(JobSummary::createdAt).reversed().thenComparing(JobSummary::requestID);

    static final long REUSE_NANOS = 1_000_000_000L;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Clock clock;
    private List<JobSummary> lastListing;
    private long lastListedAt;

    public RecentJobs(KafkaStreams streams, HostInfo self, Clock clock) {
        this.streams = streams;
        this.self = self;
        this.clock = clock;
    }

    /** Whether the stores can be listed now (not while starting, rebalancing or stopping). */
    public boolean queryable() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * The newest {@code limit} jobs of the partitions this instance hosts.
     *
     * @throws InvalidStateStoreException when the stores stop being queryable meanwhile
     */
    public synchronized List<JobSummary> local(int limit) {
        long now = System.nanoTime();
        if (lastListing == null || now - lastListedAt > REUSE_NANOS) {
            ReadOnlyKeyValueStore<String, JobHeader> headers =
                    streams.store(StoreQueryParameters.fromNameAndType(StatusStores.HEADERS.name(), QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, JobHeader> it = headers.all()) {
                lastListing = newest(it, clock.millis(), MAX_LIMIT);
            }
            lastListedAt = now;
        }
        return lastListing.subList(0, Math.min(limit, lastListing.size()));
    }

    /** The other status instances, as Streams knows them from the group's metadata. */
    public List<HostInfo> peers() {
        return streams.metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                .filter(h -> !h.equals(self)).distinct().toList();
    }

    static List<JobSummary> newest(KeyValueIterator<String, JobHeader> headers, long now, int limit) {
        PriorityQueue<JobSummary> kept = new PriorityQueue<>(NEWEST_FIRST.reversed()); // head: the oldest kept
        while (headers.hasNext()) {
            JobHeader h = headers.next().value;
            if (h == null) {
                continue;
            }
            JobSummary s = JobSummary.of(h, now);
            if (kept.size() < limit) {
                kept.add(s);
            } else if (NEWEST_FIRST.compare(s, kept.peek()) < 0) {
                kept.poll();
                kept.add(s);
            }
        }
        List<JobSummary> out = new ArrayList<>(kept);
        out.sort(NEWEST_FIRST);
        return out;
    }

    /** Several instances' lists as one: each job once (the copy furthest along), newest first, at most {@code limit}. */
    public static List<JobSummary> merge(Collection<List<JobSummary>> lists, int limit) {
        Map<String, JobSummary> byId = new LinkedHashMap<>();
        for (List<JobSummary> list : lists) {
            for (JobSummary s : list) {
                byId.merge(s.requestID(), s, (a, b) -> b.aheadOf(a) ? b : a);
            }
        }
        return byId.values().stream().sorted(NEWEST_FIRST).limit(limit).toList();
    }
}
