package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class OldestFirstTest {

    @Test
    void pastItsCapacityACacheForgetsItsOldestEntriesAndKeepsWhatWasJustStored() {
        Set<String> cached = ConcurrentHashMap.newKeySet();
        OldestFirst<String> eviction = new OldestFirst<>(2, cached::size, cached::remove);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            cached.add(key);
            eviction.added(key);
        }

        assertEquals(Set.of("c", "d"), cached);
    }

    @Test
    void theEdgeCacheStillHitsTheVariantItJustStoredWhenItIsFull() {
        EdgeCache cache = new EdgeCache();
        for (int i = 0; i < EdgeCache.CAPACITY + 10; i++) {
            cache.fetch("ATL56-C1", "www.example.com", "/fill/" + i, null);
        }

        assertFalse(cache.fetch("ATL56-C1", "www.example.com", "/new", null), "a Miss, then stored");
        assertTrue(cache.fetch("ATL56-C1", "www.example.com", "/new", null), "the verification of what was just warmed is a Hit");
        assertFalse(cache.fetch("ATL56-C1", "www.example.com", "/fill/0", null), "the oldest was forgotten");
    }
}
