package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {
    private static final URI SITEMAP = URI.create("https://www.example.com/sitemap.xml");
    private final Collected sink = new Collected();

    @Test
    void aBodyOverTheBoundFailsSayingSo() {
        byte[] body = urlset(1000);

        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.SITEMAP, body, SITEMAP.toString(), ReadLimits.defaults().withMaxBytes(body.length - 1)));

        assertEquals("the document is over the " + (body.length - 1) + " bytes bound", e.getMessage());
    }

    @Test
    void aBodyOfExactlyTheBoundIsRead() {
        byte[] body = urlset(3);

        sink.read(DocumentType.SITEMAP, body, SITEMAP.toString(), ReadLimits.defaults().withMaxBytes(body.length));

        assertEquals(3, sink.objects.size());
    }

    @Test
    void theDefaultBoundIsSixteenMebibytes() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                return len;
            }
        };
        InputStream body = new SequenceInputStream(new ByteArrayInputStream("<urlset>".getBytes(StandardCharsets.UTF_8)), endless);

        DocumentException e = assertThrows(DocumentException.class,
                () -> DocumentReader.read(DocumentType.SITEMAP, body, SITEMAP, ReadLimits.defaults(), sink));

        assertEquals("the document is over the 16 MiB bound", e.getMessage());
    }

    @Test
    void aGzipBombStopsAtTheBoundOnceDecompressed() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bomb)) {
            gz.write("<urlset>".getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1024 * 1024];
            java.util.Arrays.fill(zeros, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        assertTrue(bomb.size() < 200 * 1024, "64 MiB of spaces compress to " + bomb.size());

        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.SITEMAP, bomb.toByteArray(), SITEMAP.toString(), ReadLimits.defaults()));

        assertEquals("the document is over the 16 MiB bound once decompressed", e.getMessage());
    }

    @Test
    void aCorruptGzipBodyFailsClearly() {
        byte[] gz = Collected.gzip(urlset(50));
        gz[gz.length / 2] ^= 0x5a;
        gz[gz.length / 2 + 1] ^= 0x5a;

        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.SITEMAP, gz, SITEMAP.toString(), ReadLimits.defaults()));

        assertTrue(e.getMessage().startsWith("corrupt gzip body") || e.getMessage().startsWith("malformed sitemap"), e.getMessage());
    }

    @Test
    void aFailedReadOfTheBodyIsADocumentException() {
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream("<urlset><url>".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });

        DocumentException e = assertThrows(DocumentException.class,
                () -> DocumentReader.read(DocumentType.SITEMAP, failing, SITEMAP, ReadLimits.defaults(), sink));

        assertTrue(e.getMessage().startsWith("cannot read the document: ") && e.getMessage().contains("connection reset"), e.getMessage());
    }

    @Test
    void readDetectedTellsAGzipSitemapFromItsDecompressedStart() {
        byte[] gz = Collected.gzip(urlset(2));

        DocumentReader.readDetected("application/octet-stream", new ByteArrayInputStream(gz),
                URI.create("https://www.example.com/download?id=7"), ReadLimits.defaults(), sink);

        assertEquals(List.of("https://www.example.com/p0", "https://www.example.com/p1"), sink.objects);
    }

    @Test
    void readDetectedReadsAPlaylistServedWithItsContentType() {
        byte[] m3u8 = "#EXTM3U\n#EXTINF:4,\nseg.ts\n".getBytes(StandardCharsets.UTF_8);

        DocumentReader.readDetected("application/vnd.apple.mpegurl", new ByteArrayInputStream(m3u8),
                URI.create("https://www.example.com/live/play"), ReadLimits.defaults(), sink);

        assertEquals(List.of("https://www.example.com/live/seg.ts"), sink.objects);
    }

    @Test
    void readDetectedFailsWhenNothingTellsTheType() {
        DocumentException e = assertThrows(DocumentException.class, () -> DocumentReader.readDetected("text/html",
                new ByteArrayInputStream("<html></html>".getBytes(StandardCharsets.UTF_8)),
                URI.create("https://www.example.com/"), ReadLimits.defaults(), sink));

        assertTrue(e.getMessage().startsWith("cannot tell what kind of document this is (content type text/html)"), e.getMessage());
    }

    static byte[] urlset(int urls) {
        StringBuilder xml = new StringBuilder("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (int i = 0; i < urls; i++) {
            xml.append("<url><loc>https://www.example.com/p").append(i).append("</loc></url>\n");
        }
        return xml.append("</urlset>").toString().getBytes(StandardCharsets.UTF_8);
    }
}
