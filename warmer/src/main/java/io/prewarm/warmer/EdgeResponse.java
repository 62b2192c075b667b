package io.prewarm.warmer;

import io.prewarm.contract.Cacheability;
import java.util.Optional;

/**
 * What one request learned from the edge: the status and the headers a warm, its verification and
 * the PoP back-off read ({@code X-Cache}, {@code Age}, the validators, {@code Retry-After}), the
 * bytes of the body (counted, not kept), and whether the answer may be kept by a shared cache.
 */
public record EdgeResponse(int status, String xCache, String cfPop, String location, long bytes, String age, String etag,
                           String lastModified, String retryAfter, Optional<Cacheability.Uncacheable> uncacheable) {

    public EdgeResponse {
        uncacheable = uncacheable == null ? Optional.empty() : uncacheable;
    }

    /** An answer that says nothing about caching. */
    public EdgeResponse(int status, String xCache, String cfPop, String location, long bytes) {
        this(status, xCache, cfPop, location, bytes, null, null, null, null, Optional.empty());
    }

    boolean is2xx() {
        return status >= 200 && status < 300;
    }
}
