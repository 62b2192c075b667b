package io.prewarm.simulator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults currently in force, changeable while requests are being served. A fault is keyed by
 * exact path (query excluded) and optionally one PoP; a PoP-specific fault wins over one for every
 * PoP on the same path.
 */
final class FaultTable {
    private final Map<Key, Fault> faults = new ConcurrentHashMap<>();

    private record Key(String path, String pop) {
    }

    void put(String path, String popOrNull, Fault fault) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fault, "fault");
        faults.put(new Key(path, popOrNull), fault);
    }

    void clear() {
        faults.clear();
    }

    Optional<Fault> match(String path, String pop) {
        Fault specific = faults.get(new Key(path, pop));
        return Optional.ofNullable(specific != null ? specific : faults.get(new Key(path, null)));
    }
}
