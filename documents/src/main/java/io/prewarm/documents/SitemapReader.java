package io.prewarm.documents;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads a sitemap as sitemaps.org defines it: a {@code <urlset>} whose {@code <url><loc>}s are
 * pages to warm, a {@code <sitemapindex>} whose {@code <sitemap><loc>}s are sitemaps to read in
 * turn, or a plain-text sitemap of one URL per line. Elements are matched by local name, so the
 * namespace may be missing or prefixed; other elements (lastmod, image and video extensions,
 * alternates) are passed over. Locs must be absolute: one that is not is counted, not resolved.
 */
final class SitemapReader {
    private static final int SNIFF = 1024;

    private SitemapReader() {
    }

    static void read(BufferedInputStream body, Links links) {
        if (looksLikeXml(body)) {
            readXml(body, links);
        } else {
            readText(body, links);
        }
    }

    private static void readXml(BufferedInputStream body, Links links) {
        Xml.Events xml = Xml.open(body, "sitemap");
        if (xml.next() != XMLStreamConstants.START_ELEMENT) {
            throw new DocumentException("not a sitemap: no root element");
        }
        String root = xml.name();
        String entry = switch (root) {
            case "urlset" -> "url";
            case "sitemapindex" -> "sitemap";
            default -> throw new DocumentException("not a sitemap: the root element is <" + root
                    + ">, not <urlset> or <sitemapindex>");
        };
        DocumentType nested = root.equals("sitemapindex") ? DocumentType.SITEMAP : null;
        int depth = 1;
        boolean inEntry = false;
        for (int event = xml.next(); event != XMLStreamConstants.END_DOCUMENT; event = xml.next()) {
            if (event == XMLStreamConstants.END_ELEMENT) {
                inEntry &= --depth != 1;
                continue;
            }
            depth++;
            if (depth == 2 && xml.name().equals(entry)) {
                inEntry = true;
            } else if (inEntry && depth == 3 && xml.name().equals("loc")) {
                String loc = xml.text();
                depth--;
                if (!links.offer(null, loc, nested)) {
                    return;
                }
            }
        }
    }

    private static void readText(BufferedInputStream body, Links links) {
        LineReader lines = new LineReader(body, "sitemap");
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (!line.isBlank() && !links.offer(null, line, null)) {
                return;
            }
        }
    }

    /** Whether the first byte past a byte-order mark and white space is '<'. */
    private static boolean looksLikeXml(BufferedInputStream body) {
        byte[] head;
        try {
            body.mark(SNIFF);
            head = body.readNBytes(SNIFF);
            body.reset();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int i = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < head.length && Character.isWhitespace(head[i])) {
            i++;
        }
        return i < head.length && head[i] == '<';
    }
}
