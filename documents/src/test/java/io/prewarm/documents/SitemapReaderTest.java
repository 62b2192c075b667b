package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitemapReaderTest {
    private static final String URL = "https://www.example.com/sitemap.xml";
    private final Collected sink = new Collected();

    @Test
    void aUrlsetGivesItsLocsDecodedAndTrimmed() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
                  <url>
                    <loc>
                      https://www.example.com/
                    </loc>
                    <lastmod>2026-01-02</lastmod><changefreq>daily</changefreq><priority>1.0</priority>
                  </url>
                  <url><loc>https://www.example.com/search?q=caf%C3%A9&amp;page=2</loc></url>
                  <url><loc><![CDATA[https://www.example.com/a&b.html]]></loc>
                    <image:image><image:loc>https://www.example.com/img/a.jpg</image:loc></image:image>
                  </url>
                </urlset>
                """;

        ReadSummary summary = sink.read(DocumentType.SITEMAP, xml, URL);

        assertEquals(List.of("https://www.example.com/", "https://www.example.com/search?q=caf%C3%A9&page=2",
                "https://www.example.com/a&b.html"), sink.objects);
        assertEquals(new ReadSummary(3, 3, 0, 0, 0, java.util.Optional.empty()), summary);
    }

    @Test
    void aSitemapIndexNamesSitemapsToReadInTurn() {
        String xml = """
                <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <sitemap><loc>https://www.example.com/sitemap-products.xml.gz</loc><lastmod>2026-01-01</lastmod></sitemap>
                  <sitemap><loc>https://www.example.com/sitemap-pages.xml</loc></sitemap>
                </sitemapindex>
                """;

        sink.read(DocumentType.SITEMAP, xml, URL);

        assertEquals(List.of("https://www.example.com/sitemap-products.xml.gz", "https://www.example.com/sitemap-pages.xml"), sink.nested);
        assertEquals(List.of(DocumentType.SITEMAP, DocumentType.SITEMAP), sink.nestedTypes);
        assertTrue(sink.objects.isEmpty());
    }

    @Test
    void aPrefixedNamespaceIsReadByLocalName() {
        String xml = "<sm:urlset xmlns:sm=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sm:url><sm:loc>https://www.example.com/x</sm:loc></sm:url></sm:urlset>";

        sink.read(DocumentType.SITEMAP, xml, URL);

        assertEquals(List.of("https://www.example.com/x"), sink.objects);
    }

    @Test
    void otherHostsAndLocsThatAreNotAbsoluteHttpUrlsAreCountedNotKept() {
        String xml = """
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                  <url><loc>https://www.example.com/kept</loc></url>
                  <url><loc>https://static.example.com/allowed.css</loc></url>
                  <url><loc>https://evil.example.org/elsewhere</loc></url>
                  <url><loc>/relative/page</loc></url>
                  <url><loc>ftp://www.example.com/file</loc></url>
                  <url><loc>https://www.example.com/with space</loc></url>
                  <url><loc></loc></url>
                  <url><loc>https://WWW.EXAMPLE.COM/upper#section</loc></url>
                </urlset>
                """;

        ReadSummary summary = sink.read(DocumentType.SITEMAP, xml.getBytes(StandardCharsets.UTF_8), URL,
                ReadLimits.defaults().withAllowedHosts(Set.of("Static.Example.com")));

        assertEquals(List.of("https://www.example.com/kept", "https://static.example.com/allowed.css",
                "https://WWW.EXAMPLE.COM/upper"), sink.objects);
        assertEquals(8, summary.found());
        assertEquals(3, summary.kept());
        assertEquals(1, summary.skippedOtherHosts());
        assertEquals(4, summary.skippedInvalid());
    }

    @Test
    void aGzipSitemapIsReadByItsMagicBytes() {
        byte[] xml = "<urlset><url><loc>https://www.example.com/gz</loc></url></urlset>".getBytes(StandardCharsets.UTF_8);

        sink.read(DocumentType.SITEMAP, Collected.gzip(xml), "https://www.example.com/sitemap.xml.gz", ReadLimits.defaults());

        assertEquals(List.of("https://www.example.com/gz"), sink.objects);
    }

    @Test
    void aPlainTextSitemapHasOneUrlPerLine() {
        String text = "\uFEFFhttps://www.example.com/one\r\n\r\n  https://www.example.com/two  \nnot a url\rhttps://www.example.com/three";

        ReadSummary summary = sink.read(DocumentType.SITEMAP, text, "https://www.example.com/sitemap.txt");

        assertEquals(List.of("https://www.example.com/one", "https://www.example.com/two", "https://www.example.com/three"), sink.objects);
        assertEquals(1, summary.skippedInvalid());
    }

    @Test
    void aBrokenSitemapFailsNamingTheLine() {
        String xml = "<urlset>\n  <url><loc>https://www.example.com/ok</loc></url>\n  <url><loc>https://www.example.com/x</url>\n</urlset>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.SITEMAP, xml, URL));

        assertTrue(e.getMessage().startsWith("malformed sitemap at line 3, column "), e.getMessage());
        assertEquals(List.of("https://www.example.com/ok"), sink.objects, "what came before the break was given");
    }

    @Test
    void anotherRootElementIsNotASitemap() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.SITEMAP, "<html><body/></html>", URL));

        assertEquals("not a sitemap: the root element is <html>, not <urlset> or <sitemapindex>", e.getMessage());
    }

    @Test
    void anExternalEntityIsRefusedAndNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "https://www.example.com/leaked-secret");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<urlset><url><loc>&xxe;</loc></url></urlset>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.SITEMAP, xml, URL));

        assertTrue(e.getMessage().contains("DOCTYPE: refused"), e.getMessage());
        assertTrue(sink.objects.isEmpty());
    }

    @Test
    void anEntityExpansionBombIsRefused() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE urlset [<!ENTITY a0 \"https://www.example.com/\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        String xml = dtd + "]><urlset><url><loc>&a10;</loc></url></urlset>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.SITEMAP, xml, URL));

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void whenTheSinkTakesNoMoreReadingStopsAndSaysTruncated() {
        StringBuilder xml = new StringBuilder("<urlset>");
        for (int i = 0; i < 100; i++) {
            xml.append("<url><loc>https://www.example.com/p").append(i).append("</loc></url>");
        }
        Collected limited = new Collected(10);

        ReadSummary summary = limited.read(DocumentType.SITEMAP, xml.append("</urlset>").toString(), URL);

        assertEquals(10, limited.objects.size());
        assertEquals(11, limited.calls, "one refused URL, then no more offers");
        assertEquals(10, summary.kept());
        assertEquals(ReadSummary.Limit.EXPAND_LIMIT, summary.truncation().orElseThrow().limit());
    }

    @Test
    void aSinkThatTakesExactlyEveryUrlIsNotTruncated() {
        Collected exact = new Collected(2);

        ReadSummary summary = exact.read(DocumentType.SITEMAP,
                "<urlset><url><loc>https://www.example.com/1</loc></url><url><loc>https://www.example.com/2</loc></url></urlset>", URL);

        assertFalse(summary.truncated());
        assertEquals(2, summary.kept());
    }

    @Test
    void elementsNestedWithoutEndAreRefused() {
        String xml = "<urlset>" + "<a>".repeat(100) + "</urlset>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.SITEMAP, xml, URL));

        assertTrue(e.getMessage().contains("deeper than 64"), e.getMessage());
    }
}
