package io.prewarm.documents;

import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * Reads an HLS playlist (RFC 8216, with LL-HLS parts), master or media alike, line by line. The
 * variant streams of a master ({@code EXT-X-STREAM-INF} and the URI line after it), its I-frame
 * playlists and its renditions ({@code EXT-X-MEDIA} with a URI) are playlists to read in turn; keys,
 * init sections ({@code EXT-X-MAP}), parts, preload hints and segments are objects. URIs are
 * resolved against the playlist's URL. The segment limit counts {@code EXTINF} segments and their
 * durations; when a segment past it appears the playlist is cut there and the summary says so.
 */
final class HlsReader {
    private final Links links;
    private final URI base;
    private final SegmentLimit limit;
    private final LineReader lines;
    private boolean variantPending;
    private double pendingDuration = -1;
    private long segments;
    private double seconds;

    private HlsReader(InputStream body, URI base, SegmentLimit limit, Links links) {
        this.links = links;
        this.base = base;
        this.limit = limit;
        this.lines = new LineReader(body, "HLS");
    }

    static void read(InputStream body, URI base, SegmentLimit limit, Links links) {
        new HlsReader(body, base, limit, links).read();
    }

    private void read() {
        String first = lines.next();
        while (first != null && first.isBlank()) {
            first = lines.next();
        }
        if (first == null || !first.strip().startsWith("#EXTM3U")) {
            throw new DocumentException("not an HLS playlist: line " + lines.number() + " is not #EXTM3U");
        }
        for (String line = lines.next(); line != null; line = lines.next()) {
            String text = line.strip();
            boolean goOn = text.isEmpty() || text.startsWith("#") ? tag(text) : uri(text);
            if (!goOn) {
                return;
            }
        }
    }

    /** Handles one tag (or comment); false to stop reading. */
    private boolean tag(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        switch (name) {
            case "#EXT-X-STREAM-INF":
                variantPending = true;
                return true;
            case "#EXTINF":
                pendingDuration = duration(value);
                return true;
            case "#EXT-X-I-FRAME-STREAM-INF":
            case "#EXT-X-MEDIA":
                return attributeUri(value, DocumentType.HLS);
            case "#EXT-X-KEY":
            case "#EXT-X-SESSION-KEY":
            case "#EXT-X-MAP":
            case "#EXT-X-PART":
            case "#EXT-X-PRELOAD-HINT":
                return attributeUri(value, null);
            default:
                return true;
        }
    }

    private boolean attributeUri(String list, DocumentType nested) {
        String uri = HlsAttributes.parse(list, lines.number()).get("URI");
        return uri == null || links.offer(base, uri, nested);
    }

    /** Handles a URI line: a variant playlist after EXT-X-STREAM-INF, else a segment. */
    private boolean uri(String text) {
        if (variantPending) {
            variantPending = false;
            return links.offer(base, text, DocumentType.HLS);
        }
        double duration = Math.max(0, pendingDuration);
        pendingDuration = -1;
        if (!limit.keeps(segments, seconds)) {
            links.cutBySegments(limit);
            return false;
        }
        segments++;
        seconds += duration;
        return links.offer(base, text, null);
    }

    private double duration(String value) {
        String number = value.contains(",") ? value.substring(0, value.indexOf(',')) : value;
        try {
            double duration = Double.parseDouble(number.strip());
            if (duration < 0 || Double.isNaN(duration) || Double.isInfinite(duration)) {
                throw new NumberFormatException();
            }
            return duration;
        } catch (NumberFormatException e) {
            throw new DocumentException("HLS line " + lines.number() + ": #EXTINF duration '" + number + "' is not a number of seconds");
        }
    }
}
