package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentTypeTest {

    @ParameterizedTest(name = "{0} {1} ''{2}'' -> {3}")
    @CsvSource(nullValues = "-", value = {
            // the content type first
            "application/vnd.apple.mpegurl, https://h/x.bin, -, HLS",
            "audio/mpegurl, -, -, HLS",
            "application/x-mpegURL; charset=utf-8, -, -, HLS",
            "application/dash+xml, https://h/sitemap.xml, -, DASH",
            "text/xml; charset=UTF-8, https://h/feed, '<?xml version=\"1.0\"?><urlset xmlns=\"x\">', SITEMAP",
            "application/xml, https://h/feed, '<sitemapindex>', SITEMAP",
            // then the extension
            "text/xml, https://h/video/manifest.mpd?token=1, '<?xml version=\"1.0\"?>', DASH",
            "application/octet-stream, https://h/a/b/index.M3U8, -, HLS",
            "-, https://h/sitemap.xml.gz, -, SITEMAP",
            "text/plain, https://h/sitemap.txt, 'https://h/a', SITEMAP",
            "application/xml, https://h/stream.xml, '<MPD type=\"static\">', DASH",
            // then the first bytes
            "application/octet-stream, https://h/play, '#EXTM3U\n#EXT-X-VERSION:3', HLS",
            "-, https://h/play, '<?xml version=\"1.0\"?>\n<!-- generated -->\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\">', DASH",
            "-, -, '<urlset>', SITEMAP",
            "text/html, https://h/, '<html>', -",
            "-, -, -, -"})
    void detectsByContentTypeThenExtensionThenFirstBytes(String contentType, String url, String head, String expected) {
        byte[] bytes = head == null ? null : head.getBytes(StandardCharsets.UTF_8);

        assertEquals(Optional.ofNullable(expected).map(DocumentType::valueOf), DocumentType.detect(contentType, url, bytes));
    }

    @ParameterizedTest
    @CsvSource({"application/octet-stream", "application/gzip"})
    void gzipMagicBytesAreASitemap(String contentType) {
        assertEquals(Optional.of(DocumentType.SITEMAP),
                DocumentType.detect(contentType, "https://h/download", new byte[] {0x1f, (byte) 0x8b, 8, 0}));
    }
}
