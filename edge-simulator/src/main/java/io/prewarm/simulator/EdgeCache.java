package io.prewarm.simulator;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated PoP caches: which cache variants each PoP has already fetched, so the first request
 * for a variant is a Miss and later ones are Hits, as at a real edge. A variant is what CloudFront
 * keys on by default: PoP, Host, path with query, and the Accept-Encoding normalised to the one
 * compression CloudFront would store (br, else gzip, else none). Like a real edge it has a capacity:
 * past {@value #CAPACITY} variants it forgets them all (later requests are Misses again), so a
 * benchmark of millions of requests keeps the simulator's memory bounded.
 */
final class EdgeCache {
    static final int CAPACITY = 200_000;
    private final Set<Variant> cached = ConcurrentHashMap.newKeySet();

    record Variant(String pop, String host, String pathAndQuery, String encoding) {
    }

    /** Looks the variant up, caching it; true when it was already cached (a Hit). */
    boolean fetch(String pop, String host, String pathAndQuery, String acceptEncoding) {
        if (cached.size() >= CAPACITY) {
            cached.clear();
        }
        return !cached.add(new Variant(pop, host, pathAndQuery, normalise(acceptEncoding)));
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
