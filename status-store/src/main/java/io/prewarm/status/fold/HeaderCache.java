package io.prewarm.status.fold;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The job headers of one stream task, kept as objects while their jobs run and written through to
 * {@code job-headers} on every change: the fold reads a job's header for every result batch, and
 * decoding it each time was the status thread's main cost. A restored or migrated task starts with
 * an empty cache and reads each header once.
 */
final class HeaderCache {
    private final KeyValueStore<String, JobHeader> store;
    private final Map<String, JobHeader> live = new HashMap<>();

    HeaderCache(KeyValueStore<String, JobHeader> store) {
        this.store = store;
    }

    /** The job's header, or null before any chunk of it was registered. */
    JobHeader get(String requestID) {
        JobHeader h = live.get(requestID);
        if (h == null) {
            h = store.get(requestID);
            if (h != null) {
                live.put(requestID, h);
            }
        }
        return h;
    }

    /** Stores {@code h}; a finished job's header leaves the cache (it changes rarely after). */
    void put(JobHeader h) {
        store.put(h.requestID(), h);
        if (h.finished()) {
            live.remove(h.requestID());
        } else {
            live.put(h.requestID(), h);
        }
    }

    void delete(String requestID) {
        store.delete(requestID);
        live.remove(requestID);
    }

    /** Every stored header, read into a list so the caller may change the store while going through it. */
    List<JobHeader> all() {
        List<JobHeader> all = new ArrayList<>();
        try (KeyValueIterator<String, JobHeader> it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        return all;
    }
}
