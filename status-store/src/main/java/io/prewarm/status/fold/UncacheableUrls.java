package io.prewarm.status.fold;

import io.prewarm.contract.Cacheability;
import io.prewarm.contract.WarmResult;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The list of a job's URLs that cannot be warmed at all, for {@code detail.uncacheable}: a URL
 * joins it with the first of its failed tasks whose answer named a header that forbids caching.
 * The job's header counts every such URL; {@code job-uncacheable} lists the first
 * {@value StatusStores#UNCACHEABLE_LISTED}, so a job of a million such URLs costs a thousand entries.
 * The URL's own counters mark it counted ({@link UrlState#uncacheable}), so neither a repeat nor a
 * second failed task of it lists it again, and listing never reads the list.
 */
final class UncacheableUrls {
    private final KeyValueStore<String, Cacheability.Uncacheable> listed;

    UncacheableUrls(KeyValueStore<String, Cacheability.Uncacheable> listed) {
        this.listed = listed;
    }

    /** The header that forbade caching, of the first of {@code results} that failed and named one; or null. */
    static Cacheability.Uncacheable firstIn(List<WarmResult> results) {
        for (WarmResult r : results) {
            if (r.uncacheable() != null && TaskOutcome.of(r).failedUncacheable()) {
                return r.uncacheable();
            }
        }
        return null;
    }

    /** {@code h} with one more uncacheable URL, the one under {@code urlKey}, listed while the list has room. */
    JobHeader listing(JobHeader h, String urlKey, Cacheability.Uncacheable why) {
        if (h.uncacheableUrls() < StatusStores.UNCACHEABLE_LISTED) {
            listed.put(urlKey, why);
        }
        return h.withUncacheableUrl();
    }
}
