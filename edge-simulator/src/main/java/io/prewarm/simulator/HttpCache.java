package io.prewarm.simulator;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PoP caches of cache mode: each PoP a shared cache in front of the one {@link Origin}, storing
 * only what the origin's headers allow ({@link Freshness}) for as long as they allow it. A fresh
 * entry is a Hit with its {@code Age}; a stale one is revalidated with the origin (whose content
 * never changes, so it answers 304) and served as a RefreshHit; anything else goes to the origin
 * as a Miss. Variants are keyed as in {@link EdgeCache}, and past {@value EdgeCache#CAPACITY}
 * entries the cache forgets the oldest ({@link OldestFirst}), so memory stays bounded.
 */
final class HttpCache {
    private final Origin origin;
    private final InstantSource clock;
    private final Map<EdgeCache.Variant, Entry> entries = new ConcurrentHashMap<>();
    private final OldestFirst<EdgeCache.Variant> eviction = new OldestFirst<>(EdgeCache.CAPACITY, entries::size, entries::remove);

    private record Entry(Origin.Answer answer, Instant storedAt, long ttlSeconds) {
        boolean freshAt(Instant now) {
            return now.isBefore(storedAt.plusSeconds(ttlSeconds));
        }
    }

    /** How a PoP served one request: its X-Cache, the origin's headers and validators, and Age on hits. */
    record Served(XCache xCache, Origin.Answer answer, OptionalLong ageSeconds) {
    }

    HttpCache(Origin origin, InstantSource clock) {
        this.origin = origin;
        this.clock = clock;
    }

    Served serve(Request seen, String path) {
        String encoding = EdgeCache.normalise(seen.acceptEncoding());
        EdgeCache.Variant key = new EdgeCache.Variant(seen.pop(), seen.host(), seen.pathAndQuery(), encoding);
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && entry.freshAt(now)) {
            long age = Math.max(0, now.getEpochSecond() - entry.storedAt().getEpochSecond());
            return new Served(XCache.HIT, entry.answer(), OptionalLong.of(age));
        }
        Origin.Answer answer = origin.fetch(path, seen.pathAndQuery(), encoding);
        OptionalLong ttl = Freshness.ttlSeconds(answer.headers());
        if (ttl.isEmpty()) {
            entries.remove(key);
            return new Served(XCache.MISS, answer, OptionalLong.empty());
        }
        if (entries.put(key, new Entry(answer, now, ttl.getAsLong())) == null) {
            eviction.added(key);
        }
        // A stale entry was revalidated; the origin's content is unchanged, so its 304 refreshes it.
        return entry != null
                ? new Served(XCache.REFRESH_HIT, answer, OptionalLong.of(0))
                : new Served(XCache.MISS, answer, OptionalLong.empty());
    }
}
