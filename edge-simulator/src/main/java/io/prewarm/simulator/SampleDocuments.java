package io.prewarm.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * The documents a job can be expanded from, served at fixed paths so end-to-end tests and the demo
 * have a sitemap, a sitemap index (one of its sitemaps gzip), an HLS master with two video
 * renditions and an audio one, a DASH MPD, a broken sitemap and a sitemap of any size. Sitemaps name
 * absolute URLs on the host (and scheme) they were asked for, so the host rule keeps them;
 * playlists and the MPD use relative URIs. Everything they name is an ordinary path that answers
 * 200. Documents are made per request from the request's host; the big sitemap is streamed.
 */
final class SampleDocuments {
    static final String XML = "application/xml; charset=utf-8";
    static final String HLS = "application/vnd.apple.mpegurl";
    static final String DASH = "application/dash+xml";
    static final String GZIP = "application/gzip";
    /** How many URLs {@code /docs/big-sitemap.xml} names without {@code ?urls=N}, and the most it names. */
    static final int BIG_DEFAULT = 1000;
    static final int BIG_MAX = 10_000_000;
    /** The longest pause {@code /docs/big-sitemap.xml?pace_ms=M} makes between its chunks. */
    static final int PACE_MAX_MS = 10_000;

    /** A sample document: its content type, and its bytes or its streamed generator. */
    sealed interface Body permits Fixed, BigSitemap {
        String contentType();
    }

    record Fixed(String contentType, byte[] bytes) implements Body {
    }

    /**
     * A urlset of {@code urls} pages {@code <origin>/big/page-<i>.html}, written as it is sent, with
     * {@code paceMillis} between its chunks of 1,000 URLs (so a test can act while it is being read).
     */
    record BigSitemap(String origin, int urls, int paceMillis) implements Body {
        @Override
        public String contentType() {
            return XML;
        }
    }

    private SampleDocuments() {
    }

    /** The document at {@code pathAndQuery}, for a request to {@code host} over https when {@code tls}. */
    static Optional<Body> find(String pathAndQuery, String host, boolean tls) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String origin = (tls ? "https://" : "http://") + escape(host == null ? "localhost" : host);
        return Optional.ofNullable(switch (path) {
            case "/docs/sitemap.xml" -> xml(urlset(origin, "/", "/products/widget.html", "/about?lang=en&amp;ref=sitemap", "/assets/app.js"));
            case "/docs/sitemap-index.xml" -> xml(sitemapIndex(origin));
            case "/docs/sitemap-1.xml" -> xml(urlset(origin, "/section-1/page-1.html", "/section-1/page-2.html", "/section-1/page-3.html"));
            case "/docs/sitemap-2.xml.gz" -> new Fixed(GZIP, gzip(urlset(origin, "/section-2/page-1.html", "/section-2/page-2.html")));
            case "/docs/broken.xml" -> xml(broken(origin));
            case "/docs/big-sitemap.xml" -> new BigSitemap(origin, urls(query(pathAndQuery, q)), pace(query(pathAndQuery, q)));
            case "/video/master.m3u8" -> text(HLS, HlsSamples.MASTER);
            case "/video/360p/index.m3u8", "/video/720p/index.m3u8", "/video/audio-en/index.m3u8" -> text(HLS, HlsSamples.MEDIA);
            case "/video/manifest.mpd" -> text(DASH, DashSample.MPD);
            default -> null;
        });
    }

    private static String urlset(String origin, String... paths) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + java.util.Arrays.stream(paths).map(p -> "  <url><loc>" + origin + p + "</loc><lastmod>2026-01-01</lastmod></url>\n")
                        .collect(Collectors.joining())
                + "</urlset>\n";
    }

    private static String sitemapIndex(String origin) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + IntStream.of(1, 2).mapToObj(i -> "  <sitemap><loc>" + origin + "/docs/sitemap-" + i + (i == 2 ? ".xml.gz" : ".xml")
                        + "</loc></sitemap>\n").collect(Collectors.joining())
                + "</sitemapindex>\n";
    }

    /** A urlset whose second url's loc is never closed: not well-formed at line 4. */
    private static String broken(String origin) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
                + "  <url><loc>" + origin + "/broken/ok.html</loc></url>\n"
                + "  <url><loc>" + origin + "/broken/unclosed.html</url>\n"
                + "</urlset>\n";
    }

    private static String query(String pathAndQuery, int q) {
        return q < 0 ? "" : pathAndQuery.substring(q + 1);
    }

    /** The {@code urls} parameter: {@value #BIG_DEFAULT} when absent or not a number, at most {@value #BIG_MAX}. */
    static int urls(String query) {
        return Math.min(BIG_MAX, number(query, "urls", BIG_DEFAULT));
    }

    /** The {@code pace_ms} parameter: 0 when absent or not a number, at most {@value #PACE_MAX_MS}. */
    static int pace(String query) {
        return Math.min(PACE_MAX_MS, number(query, "pace_ms", 0));
    }

    private static int number(String query, String name, int otherwise) {
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=") && parameter.substring(name.length() + 1).matches("\\d{1,9}")) {
                return Integer.parseInt(parameter.substring(name.length() + 1));
            }
        }
        return otherwise;
    }

    private static Fixed xml(String text) {
        return text(XML, text);
    }

    private static Fixed text(String contentType, String text) {
        return new Fixed(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A Host header as XML text: it comes from the client. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
