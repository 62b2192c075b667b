package io.prewarm.documents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Puts a body in the form the readers take: bounded as received, gunzipped when its first bytes
 * are the gzip magic (a {@code .xml.gz} sitemap, or any document sent compressed) and bounded
 * again as decompressed, then buffered so a reader may look at its first bytes and go back.
 */
final class Bodies {
    private static final int BUFFER = 16 * 1024;

    private Bodies() {
    }

    static boolean isGzip(byte[] head) {
        return head != null && head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    static BufferedInputStream open(InputStream body, ReadLimits limits) throws IOException {
        String bound = limits.describeBound();
        BufferedInputStream raw = new BufferedInputStream(
                new BoundedStream(body, limits.maxBytes(), "the document is over the " + bound + " bound"), BUFFER);
        raw.mark(2);
        byte[] magic = raw.readNBytes(2);
        raw.reset();
        if (!isGzip(magic)) {
            return raw;
        }
        InputStream gunzipped = new GZIPInputStream(raw, BUFFER);
        return new BufferedInputStream(new BoundedStream(gunzipped, limits.maxBytes(),
                "the document is over the " + bound + " bound once decompressed"), BUFFER);
    }
}
