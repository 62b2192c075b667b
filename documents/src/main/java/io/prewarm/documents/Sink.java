package io.prewarm.documents;

import java.net.URI;

/**
 * Where a reader hands each URL it keeps, as soon as it reads it, so no document's list is ever
 * built in memory. The URL is absolute http(s), on an allowed host, without a fragment.
 */
@FunctionalInterface
public interface Sink {
    /**
     * Takes one URL the document names.
     *
     * @param url    the resolved URL
     * @param nested the type of document it is when it must be read in turn (a sitemap of a sitemap
     *               index, a media playlist of an HLS master), or null for an object to warm
     * @return true to go on; false when the sink took no more, this URL included (the job's
     *         {@code expand_limit} is reached): the reader stops and its summary says truncated
     */
    boolean found(URI url, DocumentType nested);
}
