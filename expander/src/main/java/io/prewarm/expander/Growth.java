package io.prewarm.expander;

import io.prewarm.contract.Job;

/**
 * How far one expanding job has grown, as {@link PartGate} keeps it: the URLs it holds (its own
 * chunks' and the admitted parts'), the latest deadline seen (when its entries may go) and, once a
 * part hit the job's limit, the reason every later part carries.
 */
record Growth(long deadline, long urls, String truncated) {

    static Growth of(long deadline) {
        return new Growth(deadline, 0, null);
    }

    /** With one of the request's own chunks counted: its URLs are the job's, never cut. */
    Growth counting(Job chunk) {
        return new Growth(Math.max(deadline, chunk.deadline()), urls + chunk.urls().size(), truncated);
    }

    /** What of {@code part} joins a job of at most {@code limit} URLs: all of it, its first URLs, or none once the job was cut. */
    Job admissible(Job part, int limit) {
        if (truncated != null) {
            return part.truncatedTo(0, truncated);
        }
        long room = Math.max(0, limit - urls);
        return part.urls().size() <= room ? part : part.truncatedTo((int) room, "expansion: truncated at " + limit + " URLs");
    }

    /** After {@code admitted} (what {@link #admissible} let through) joined. */
    Growth admitting(Job admitted) {
        return new Growth(Math.max(deadline, admitted.deadline()), urls + admitted.urls().size(),
                truncated != null ? truncated : admitted.truncated());
    }
}
