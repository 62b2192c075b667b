package io.prewarm.simulator;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated PoP caches: which cache variants each PoP has already fetched, so the first request
 * for a variant is a Miss and later ones are Hits, as at a real edge. A variant is what CloudFront
 * keys on by default: PoP, Host, path with query, and the Accept-Encoding normalised to the one
 * compression CloudFront would store (br, else gzip, else none). Like a real edge it has a capacity:
 * past {@value #CAPACITY} variants it forgets the oldest ({@link OldestFirst}; a later request for one
 * is a Miss again), so a benchmark of millions of requests keeps the simulator's memory bounded.
 */
final class EdgeCache {
    static final int CAPACITY = 200_000;
    private final Set<Variant> cached = ConcurrentHashMap.newKeySet();
    private final OldestFirst<Variant> eviction = new OldestFirst<>(CAPACITY, cached::size, cached::remove);

    record Variant(String pop, String host, String pathAndQuery, String encoding) {
    }

    /** Looks the variant up, caching it; true when it was already cached (a Hit). */
    boolean fetch(String pop, String host, String pathAndQuery, String acceptEncoding) {
        Variant variant = new Variant(pop, host, pathAndQuery, normalise(acceptEncoding));
        if (!cached.add(variant)) {
            return true;
        }
        eviction.added(variant);
        return false;
    }

    static String normalise(String acceptEncoding) {
        if (acceptEncoding == null) {
            return "none";
        }
        boolean gzip = false;
        for (String part : acceptEncoding.split(",")) {
            String coding = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (coding.equals("br")) {
                return "br";
            }
            gzip |= coding.equals("gzip");
        }
        return gzip ? "gzip" : "none";
    }
}
