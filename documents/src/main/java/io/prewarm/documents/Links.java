package io.prewarm.documents;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one path from a reference in a document to the sink: resolves it against its base, keeps it
 * only when it is absolute http(s) on an allowed host, drops a repeat of a URL named just before
 * (byte ranges of one file name it once per range), counts every outcome and remembers why a read
 * was cut. Repeats are remembered among the last {@value #RECENT} URLs only, so memory stays flat.
 */
final class Links {
    static final int RECENT = 256;
    private final String ownHost;
    private final Set<String> allowedHosts;
    private final Sink sink;
    private final Map<String, Boolean> recent = new LinkedHashMap<>(RECENT * 2, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    };
    private long found;
    private long kept;
    private long otherHosts;
    private long invalid;
    private long duplicates;
    private ReadSummary.Truncation truncation;

    Links(URI document, ReadLimits limits, Sink sink) {
        this.ownHost = document.getHost() == null ? "" : document.getHost().toLowerCase(Locale.ROOT);
        this.allowedHosts = limits.allowedHosts();
        this.sink = sink;
    }

    /**
     * Offers one reference; {@code base} null takes only absolute URLs (a sitemap's locs).
     *
     * @return false when the sink took no more: the reader must stop
     */
    boolean offer(URI base, String reference, DocumentType nested) {
        found++;
        Optional<URI> url = resolve(base, reference.trim());
        if (url.isEmpty()) {
            invalid++;
            return true;
        }
        String host = url.get().getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(ownHost) && !allowedHosts.contains(host)) {
            otherHosts++;
            return true;
        }
        if (recent.put(url.get().toString(), Boolean.TRUE) != null) {
            duplicates++;
            return true;
        }
        if (!sink.found(url.get(), nested)) {
            truncation = new ReadSummary.Truncation(ReadSummary.Limit.EXPAND_LIMIT,
                    "expansion: the job took no more URLs after " + kept + " from this document");
            return false;
        }
        kept++;
        return true;
    }

    /** Notes that a rendition was cut by the segment limit (the first cut is the one reported). */
    void cutBySegments(SegmentLimit limit) {
        if (truncation == null) {
            truncation = new ReadSummary.Truncation(ReadSummary.Limit.SEGMENT_LIMIT, limit.describe());
        }
    }

    ReadSummary summary() {
        return new ReadSummary(found, kept, otherHosts, invalid, duplicates, Optional.ofNullable(truncation));
    }

    static Optional<URI> resolve(URI base, String reference) {
        if (reference.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(reference);
            if (!uri.isAbsolute() && base != null) {
                uri = withPath(base).resolve(uri);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.empty();
            }
            // a fragment never reaches the server
            return Optional.of(uri.getRawFragment() == null ? uri
                    : new URI(uri.toString().substring(0, uri.toString().indexOf('#'))));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** {@code http://host} as {@code http://host/}: URI.resolve would glue a relative path onto the host. */
    private static URI withPath(URI base) {
        return base.getRawPath() == null || !base.getRawPath().isEmpty() ? base : base.resolve("/");
    }
}
