package io.prewarm.documents;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The kinds of document a job can be expanded from, and how {@code expand: "auto"} tells them
 * apart: by the answer's content type first, then by the URL's extension, then by the first bytes
 * of the body. An {@code .xml} URL whose first bytes hold an {@code <MPD>} is DASH, not a sitemap.
 */
public enum DocumentType {
    SITEMAP, HLS, DASH;

    /** How many first bytes {@link #detect} wants to see: enough to get past an XML declaration and a comment. */
    public static final int SNIFF_BYTES = 1024;
    private static final Pattern SITEMAP_ROOT = Pattern.compile("<([\\w.-]+:)?(urlset|sitemapindex)[\\s>/]");
    private static final Pattern MPD_ROOT = Pattern.compile("<([\\w.-]+:)?MPD[\\s>/]");

    /**
     * The type of a document, or empty when nothing says.
     *
     * @param contentType the answer's Content-Type (parameters allowed), or null
     * @param url         the document's URL (its path's extension is looked at), or null
     * @param firstBytes  the first bytes of the body as received (up to {@link #SNIFF_BYTES}), or null
     */
    public static Optional<DocumentType> detect(String contentType, String url, byte[] firstBytes) {
        String head = firstBytes == null ? "" : new String(firstBytes, StandardCharsets.UTF_8);
        Optional<DocumentType> byType = byContentType(contentType, head);
        if (byType.isPresent()) {
            return byType;
        }
        String path = path(url);
        if (path.endsWith(".m3u8")) {
            return Optional.of(HLS);
        }
        if (path.endsWith(".mpd")) {
            return Optional.of(DASH);
        }
        if (path.endsWith(".xml") || path.endsWith(".xml.gz") || path.endsWith(".txt")) {
            return Optional.of(MPD_ROOT.matcher(head).find() ? DASH : SITEMAP);
        }
        return sniff(head, firstBytes);
    }

    private static Optional<DocumentType> byContentType(String contentType, String head) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/vnd.apple.mpegurl", "audio/mpegurl", "application/x-mpegurl", "audio/x-mpegurl":
                return Optional.of(HLS);
            case "application/dash+xml":
                return Optional.of(DASH);
            default:
                boolean xml = type.equals("application/xml") || type.equals("text/xml") || type.endsWith("+xml");
                return xml && SITEMAP_ROOT.matcher(head).find() ? Optional.of(SITEMAP) : Optional.empty();
        }
    }

    private static Optional<DocumentType> sniff(String head, byte[] firstBytes) {
        String text = head.startsWith("\uFEFF") ? head.substring(1) : head;
        if (text.stripLeading().startsWith("#EXTM3U")) {
            return Optional.of(HLS);
        }
        if (MPD_ROOT.matcher(text).find()) {
            return Optional.of(DASH);
        }
        if (SITEMAP_ROOT.matcher(text).find() || Bodies.isGzip(firstBytes)) {
            return Optional.of(SITEMAP);
        }
        return Optional.empty();
    }

    /** The URL's path, lower-cased, without query or fragment; "" when there is none. */
    private static String path(String url) {
        if (url == null) {
            return "";
        }
        try {
            String path = URI.create(url.strip()).getPath();
            return path == null ? "" : path.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            String cut = url.split("[?#]", 2)[0];
            return cut.toLowerCase(Locale.ROOT);
        }
    }
}
