package io.prewarm.expander;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate for document parts (docs/expansion.md): a warmer reading a document writes what it finds
 * as part records under the job's requestID, and the same document read again after a crash writes
 * the same parts again. The gate admits each part once per job and grows the job no further than its
 * {@code expand_limit} (else {@code PREWARM_MAX_URLS}): the part that would pass it is cut, every
 * later one comes through empty with the same reason, so the status store still sees every part a
 * document result announced. The request's own chunks count towards the limit as they pass (each
 * chunk index once: a direct producer may send chunks again). Each URL joins a job once: a part keeps
 * only the URLs the job does not hold yet (three playlists naming one key, a page in two sitemaps, a
 * sitemap naming a URL of the request), so nothing is warmed twice and the limit counts distinct
 * URLs. Each document URL is read once per job,
 * however many chunks or parts name it (two indexes listing one sitemap, a playlist naming its master
 * again): no document is read twice, and a cycle ends at once. Requests that expand nothing pass
 * untouched and leave no state. A job's entries go once its deadline plus the retention passed.
 */
final class PartGate implements FixedKeyProcessor<String, Validated, Validated> {
    /** Per requestID of an expanding job: its {@link Growth}. */
    static final String GROWTH_STORE = "expansion-growth";
    /** Per requestID and part id, own chunk index, URL or document URL: when it was admitted, so nothing is admitted twice. */
    static final String SEEN_STORE = "expansion-seen";
    static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);
    /** Entries one sweep deletes at most, so one huge job never makes one huge transaction (a job of 10 M URLs goes in under an hour). */
    static final int DELETE_BUDGET = 50_000;
    private static final Logger LOG = LoggerFactory.getLogger(PartGate.class);
    private static final StringSerializer KEYS = new StringSerializer();

    private final int maxUrls;
    private final Duration retention;
    private FixedKeyProcessorContext<String, Validated> context;
    private KeyValueStore<String, Growth> growth;
    private KeyValueStore<String, Long> seen;

    PartGate(int maxUrls, Duration retention) {
        this.maxUrls = maxUrls;
        this.retention = retention;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Validated> context) {
        this.context = context;
        this.growth = context.getStateStore(GROWTH_STORE);
        this.seen = context.getStateStore(SEEN_STORE);
        context.schedule(SWEEP_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::sweep);
    }

    @Override
    public void process(FixedKeyRecord<String, Validated> record) {
        if (!(record.value() instanceof Validated.Accepted a)) {
            context.forward(record);
        } else if (a.chunk().isPart()) {
            admit(a, record);
        } else if (Expansion.expands(a.request().expand())) {
            count(a.chunk(), record.timestamp());
            context.forward(record.withValue(a.with(a.chunk(), unread(a.chunk(), record.timestamp()))));
        } else {
            context.forward(record);
        }
    }

    private void count(Job chunk, long now) {
        String key = seenKey(chunk.requestID(), "chunk", Integer.toString(chunk.chunkIndex()));
        if (seen.get(key) == null) {
            seen.put(key, now);
            chunk.urls().forEach(url -> seen.put(urlKey(chunk.requestID(), url), now));
            growth.put(chunk.requestID(), growthOf(chunk).counting(chunk));
        }
    }

    /** The part with only the URLs its job does not hold yet, each once. */
    private Job fresh(Job part) {
        Set<String> kept = new LinkedHashSet<>();
        for (String url : part.urls()) {
            if (!kept.contains(url) && seen.get(urlKey(part.requestID(), url)) == null) {
                kept.add(url);
            }
        }
        return kept.size() == part.urls().size() ? part : part.keeping(List.copyOf(kept));
    }

    private static String urlKey(String requestID, String url) {
        return seenKey(requestID, "url", url);
    }

    /** The chunk's documents the job has not read yet, marked read from now on. */
    private Map<String, String> unread(Job chunk, long now) {
        Map<String, String> unread = new LinkedHashMap<>();
        chunk.documents().forEach((url, kind) -> {
            String key = seenKey(chunk.requestID(), "document", url);
            if (seen.get(key) == null) {
                seen.put(key, now);
                unread.put(url, kind);
            }
        });
        return unread;
    }

    private void admit(Validated.Accepted a, FixedKeyRecord<String, Validated> record) {
        Job part = a.chunk();
        String key = seenKey(part.requestID(), "part", part.part());
        if (seen.get(key) != null) {
            LOG.info("request {} part {} seen before: dropped", part.requestID(), part.part());
            return;
        }
        int limit = a.request().expandLimit() == null ? maxUrls : a.request().expandLimit();
        Growth before = growthOf(part);
        Job fresh = fresh(part);
        Job admitted = before.admissible(fresh, limit);
        seen.put(key, record.timestamp());
        admitted.urls().forEach(url -> seen.put(urlKey(part.requestID(), url), record.timestamp()));
        growth.put(part.requestID(), before.admitting(admitted));
        Map<String, String> toRead = unread(admitted, record.timestamp());
        if (before.truncated() != null) {
            LOG.info("request {} part {} admitted without its {} URLs: the job was truncated before", part.requestID(), part.part(),
                    part.urls().size());
        } else if (admitted.truncated() != null) {
            LOG.info("request {} part {}: {}, {} of its {} URLs kept", part.requestID(), part.part(), admitted.truncated(),
                    admitted.urls().size(), part.urls().size());
        } else {
            LOG.info("request {} part {} admitted: {} URLs{}, {} documents to read{}", part.requestID(), part.part(), admitted.urls().size(),
                    fresh.urls().size() < part.urls().size() ? " (" + (part.urls().size() - fresh.urls().size()) + " the job held already)" : "",
                    toRead.size(), toRead.size() < admitted.documents().size() ? " (others read before)" : "");
        }
        context.forward(record.withValue(a.with(admitted, toRead)));
    }

    /** The job's growth so far; a job the gate does not know (its chunks passed before this version, or were swept) starts at 0. */
    private Growth growthOf(Job chunk) {
        Growth g = growth.get(chunk.requestID());
        return g == null ? Growth.of(chunk.deadline()) : g;
    }

    private static String seenKey(String requestID, String family, String id) {
        return TaskId.jobStorePrefix(requestID) + family + TaskId.STORE_SEP + id;
    }

    /** Forgets the jobs whose deadline plus the retention passed: their seen entries first, within the budget, then their growth. */
    private void sweep(long now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Growth> it = growth.all()) {
            while (it.hasNext()) {
                KeyValue<String, Growth> kv = it.next();
                if (now > kv.value.deadline() + retention.toMillis()) {
                    expired.add(kv.key);
                }
            }
        }
        int deleted = 0;
        int forgotten = 0;
        for (String requestID : expired) {
            List<String> keys = new ArrayList<>();
            boolean more;
            try (KeyValueIterator<String, Long> it = seen.prefixScan(TaskId.jobStorePrefix(requestID), KEYS)) {
                while (it.hasNext() && deleted + keys.size() < DELETE_BUDGET) {
                    keys.add(it.next().key);
                }
                more = it.hasNext();
            }
            keys.forEach(seen::delete);
            deleted += keys.size();
            if (more) {
                break;
            }
            growth.delete(requestID);
            forgotten++;
        }
        if (forgotten > 0) {
            LOG.info("expansion gate: forgot {} jobs past their retention ({} entries)", forgotten, deleted + forgotten);
        }
    }
}
