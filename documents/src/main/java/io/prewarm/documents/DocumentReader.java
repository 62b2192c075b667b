package io.prewarm.documents;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the readers: reads a sitemap, an HLS playlist or a DASH MPD from its body as it
 * streams in, handing each URL it names to a {@link Sink} at once (nothing is listed in memory), and
 * says what it found. Pure: no network, no threads; the caller fetches the body, closes it, and
 * turns each URL into a task. Every failure, a broken document, a body over the bound, a failed
 * read of the body, is a {@link DocumentException} whose message can go into a job's detail as is.
 */
public final class DocumentReader {
    private static final Logger LOG = LoggerFactory.getLogger(DocumentReader.class);

    private DocumentReader() {
    }

    /**
     * Reads {@code body} as a document of {@code type}.
     *
     * @param documentUrl the URL the body came from: relative URIs resolve against it, and its host is
     *                    the one (with {@link ReadLimits#allowedHosts()}) whose URLs are kept
     * @throws DocumentException when the document cannot be read; URLs already given to the sink stay given
     */
    public static ReadSummary read(DocumentType type, InputStream body, URI documentUrl, ReadLimits limits, Sink sink) {
        Links links = new Links(documentUrl, limits, sink);
        try {
            BufferedInputStream in = Bodies.open(body, limits);
            switch (type) {
                case SITEMAP -> SitemapReader.read(in, links);
                case HLS -> HlsReader.read(in, documentUrl, limits.segments(), links);
                case DASH -> DashReader.read(in, documentUrl, limits.segments(), links);
            }
        } catch (ZipException e) {
            throw new DocumentException("corrupt gzip body: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DocumentException("cannot read the document: " + e, e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof ZipException zip) {
                throw new DocumentException("corrupt gzip body: " + zip.getMessage(), e);
            }
            throw new DocumentException("cannot read the document: " + e.getCause(), e);
        }
        ReadSummary summary = links.summary();
        LOG.debug("read {} {}: {}", type, documentUrl, summary);
        return summary;
    }

    /**
     * As {@link #read}, of the type {@link DocumentType#detect} finds from the content type, the URL and
     * the body's first bytes (decompressed, when the body is gzip): {@code expand: "auto"}.
     *
     * @param contentType the answer's Content-Type, or null
     * @throws DocumentException also when nothing tells the type
     */
    public static ReadSummary readDetected(String contentType, InputStream body, URI documentUrl, ReadLimits limits, Sink sink) {
        BufferedInputStream in = new BufferedInputStream(body, DocumentType.SNIFF_BYTES);
        return read(detect(contentType, in, documentUrl), in, documentUrl, limits, sink);
    }

    /**
     * The type {@link DocumentType#detect} finds from the content type, the URL and the first bytes of
     * {@code in} (decompressed, when the body is gzip), which are read and given back ({@code in} is
     * reset to where it was), so a caller that needs the type before reading can still read it all.
     *
     * @throws DocumentException when nothing tells the type, or the first bytes cannot be read
     */
    public static DocumentType detect(String contentType, BufferedInputStream in, URI documentUrl) {
        byte[] head;
        try {
            in.mark(DocumentType.SNIFF_BYTES);
            head = in.readNBytes(DocumentType.SNIFF_BYTES);
            in.reset();
        } catch (IOException e) {
            throw new DocumentException("cannot read the document: " + e, e);
        }
        byte[] sniffed = Bodies.isGzip(head) ? gunzippedHead(head) : head;
        return DocumentType.detect(contentType, documentUrl.toString(), sniffed)
                .or(() -> DocumentType.detect(null, null, head))
                .orElseThrow(() -> new DocumentException("cannot tell what kind of document this is (content type "
                        + contentType + "): not a sitemap, an HLS playlist or a DASH MPD"));
    }

    /** As much of a gzip body's start as the first bytes decompress to; what they hold when cut short. */
    private static byte[] gunzippedHead(byte[] head) {
        byte[] out = new byte[DocumentType.SNIFF_BYTES];
        int n = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(head))) {
            for (int r; n < out.length && (r = in.read(out, n, out.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException e) {
            // the first bytes end mid-stream: what came out so far is what there is to sniff
        }
        return Arrays.copyOf(out, n);
    }
}
