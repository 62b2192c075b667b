package io.prewarm.simulator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults currently in force, changeable while requests are being served. A fault is keyed by
 * exact path (query excluded) or {@link #ANY_PATH}, and optionally one PoP. The most specific
 * one applies: the path first, then the PoP, so (path, PoP) beats (path, every PoP) beats
 * (any path, PoP) beats (any path, every PoP). A fault may be limited to its first N requests:
 * it is removed when used up, and the next most specific one (or a normal answer) takes over,
 * which lets a PoP be overloaded and recover on its own.
 */
final class FaultTable {
    /** The path of a fault for every path. */
    static final String ANY_PATH = "*";
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final Map<Key, Entry> faults = new ConcurrentHashMap<>();

    private record Key(String path, String pop) {
    }

    /** A fault and how many more requests it answers; UNLIMITED never counts down. */
    private record Entry(Fault fault, AtomicLong left) {
        boolean take() {
            return left.get() == UNLIMITED || left.getAndDecrement() > 0;
        }
    }

    void put(String path, String popOrNull, Fault fault) {
        put(path, popOrNull, fault, UNLIMITED);
    }

    void put(String path, String popOrNull, Fault fault, long times) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        faults.put(new Key(path, popOrNull), new Entry(fault, new AtomicLong(times)));
    }

    void clear() {
        faults.clear();
    }

    Optional<Fault> match(String path, String pop) {
        Optional<Fault> found = take(new Key(path, pop));
        found = found.isPresent() ? found : take(new Key(path, null));
        found = found.isPresent() ? found : take(new Key(ANY_PATH, pop));
        return found.isPresent() ? found : take(new Key(ANY_PATH, null));
    }

    private Optional<Fault> take(Key key) {
        Entry entry = faults.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.take()) {
            if (entry.left().get() == 0) {
                faults.remove(key, entry);
            }
            return Optional.of(entry.fault());
        }
        faults.remove(key, entry); // used up by a racing request
        return Optional.empty();
    }
}
