package io.prewarm.documents;

import java.util.Optional;

/**
 * What one read found. {@code found} counts every URL reference read (before any was skipped),
 * {@code kept} those the sink took; the rest were on other hosts, not absolute http(s) URLs
 * ({@code skippedInvalid}: malformed, relative in a sitemap, or another scheme such as
 * {@code skd:} or {@code data:}), or named again right after themselves ({@code duplicates}, e.g.
 * byte ranges of one file). {@code truncation} is present when a limit cut the document short.
 */
public record ReadSummary(long found, long kept, long skippedOtherHosts, long skippedInvalid, long duplicates,
                          Optional<Truncation> truncation) {

    /** Which limit cut a read short, and how to say so. */
    public record Truncation(Limit limit, String message) {
    }

    public enum Limit {
        /** The sink took no more: the job reached its {@code expand_limit}. */
        EXPAND_LIMIT,
        /** At least one rendition had more segments than the request's {@code segments}. */
        SEGMENT_LIMIT
    }

    public boolean truncated() {
        return truncation.isPresent();
    }
}
