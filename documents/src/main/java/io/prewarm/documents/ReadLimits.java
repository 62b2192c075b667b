package io.prewarm.documents;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bounds of one read: at most {@code maxBytes} of body, counted both as received and, for a
 * gzip body, as decompressed (so a gzip bomb stops at the bound); the hosts besides the
 * document's own whose URLs are kept (a request's {@code expand_hosts}, compared case-insensitively);
 * and the video {@link SegmentLimit}.
 */
public record ReadLimits(long maxBytes, Set<String> allowedHosts, SegmentLimit segments) {
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    public ReadLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        if (segments == null) {
            throw new IllegalArgumentException("segments must not be null (SegmentLimit.all() keeps every segment)");
        }
    }

    /** 16 MiB, the document's own host only, every segment. */
    public static ReadLimits defaults() {
        return new ReadLimits(DEFAULT_MAX_BYTES, Set.of(), SegmentLimit.all());
    }

    public ReadLimits withMaxBytes(long bytes) {
        return new ReadLimits(bytes, allowedHosts, segments);
    }

    public ReadLimits withAllowedHosts(Set<String> hosts) {
        return new ReadLimits(maxBytes, hosts, segments);
    }

    public ReadLimits withSegments(SegmentLimit limit) {
        return new ReadLimits(maxBytes, allowedHosts, limit);
    }

    /** "16 MiB" for whole mebibytes, else the bytes: how the bound is named in errors. */
    String describeBound() {
        long mib = 1024L * 1024;
        return maxBytes % mib == 0 ? maxBytes / mib + " MiB" : maxBytes + " bytes";
    }
}
