package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xml.sax.SAXParseException;

class SampleDocumentsTest {
    private static final String POP = "IAD89-C1";
    private static final String ORIGIN = "http://" + PopClient.HOST;
    private static final Pattern LOC = Pattern.compile("<loc>([^<]*)</loc>");
    private EdgeSimulator simulator;
    private PopClient client;

    private void start(boolean cacheMode) {
        simulator = EdgeSimulator.builder().cacheMode(cacheMode).start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void aSitemapNamesAbsoluteUrlsOnTheHostItWasAskedFor(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> sitemap = client.get(POP, "/docs/sitemap.xml");

        assertEquals(200, sitemap.statusCode());
        assertEquals("application/xml; charset=utf-8", header(sitemap, "Content-Type"));
        assertEquals("public, max-age=3600", header(sitemap, "Cache-Control"));
        assertEquals(List.of(ORIGIN + "/", ORIGIN + "/products/widget.html", ORIGIN + "/about?lang=en&amp;ref=sitemap",
                ORIGIN + "/assets/app.js"), locs(text(sitemap)));
        assertWellFormed(sitemap.body());
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void aSitemapIndexNamesAPlainAndAGzipSitemap(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> index = client.get(POP, "/docs/sitemap-index.xml");
        HttpResponse<byte[]> plain = client.get(POP, "/docs/sitemap-1.xml");
        HttpResponse<byte[]> gzip = client.get(POP, "/docs/sitemap-2.xml.gz");

        assertEquals(List.of(ORIGIN + "/docs/sitemap-1.xml", ORIGIN + "/docs/sitemap-2.xml.gz"), locs(text(index)));
        assertTrue(text(index).contains("<sitemapindex"), text(index));
        assertEquals(3, locs(text(plain)).size());
        assertEquals("application/gzip", header(gzip, "Content-Type"));
        String gunzipped = new String(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(List.of(ORIGIN + "/section-2/page-1.html", ORIGIN + "/section-2/page-2.html"), locs(gunzipped));
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void theHlsMasterNamesTwoVideoRenditionsAndAnAudioOneThatAnswer(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> master = client.get(POP, "/video/master.m3u8");

        assertEquals("application/vnd.apple.mpegurl", header(master, "Content-Type"));
        String text = text(master);
        assertTrue(text.startsWith("#EXTM3U\n"), text);
        assertTrue(text.contains("#EXT-X-MEDIA:TYPE=AUDIO,") && text.contains("URI=\"audio-en/index.m3u8\""), text);
        assertTrue(text.contains("\n360p/index.m3u8\n") && text.contains("\n720p/index.m3u8\n"), text);
        for (String rendition : List.of("360p", "720p", "audio-en")) {
            HttpResponse<byte[]> media = client.get(POP, "/video/" + rendition + "/index.m3u8");
            assertEquals(200, media.statusCode());
            assertEquals("application/vnd.apple.mpegurl", header(media, "Content-Type"));
        }
    }

    @Test
    void anHlsMediaPlaylistHasAKeyAnInitSectionAndRelativeSegmentsThatAnswer() throws Exception {
        start(true);

        String media = text(client.get(POP, "/video/720p/index.m3u8"));

        assertTrue(media.contains("#EXT-X-KEY:METHOD=AES-128,URI=\"../keys/key-1.bin\""), media);
        assertTrue(media.contains("#EXT-X-MAP:URI=\"init.mp4\""), media);
        assertEquals(5, media.lines().filter(l -> l.startsWith("#EXTINF:")).count());
        assertTrue(media.endsWith("#EXT-X-ENDLIST\n"), media);
        URI playlist = URI.create("http://h/video/720p/index.m3u8");
        for (String uri : List.of("../keys/key-1.bin", "init.mp4", "segment-0.m4s", "segment-4.m4s")) {
            HttpResponse<byte[]> object = client.get(POP, playlist.resolve(uri).getPath());
            assertEquals(200, object.statusCode(), uri);
            assertEquals("application/octet-stream", header(object, "Content-Type"));
        }
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void theMpdHasATemplateByNumberATimelineByTimeAndABaseUrl(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> mpd = client.get(POP, "/video/manifest.mpd");

        assertEquals("application/dash+xml", header(mpd, "Content-Type"));
        String text = text(mpd);
        assertTrue(text.contains("<BaseURL>dash/</BaseURL>"), text);
        assertTrue(text.contains("duration=\"6000\"") && text.contains("media=\"$RepresentationID$/segment-$Number%05d$.m4s\""), text);
        assertTrue(text.contains("media=\"$RepresentationID$/$Time$.m4s\"") && text.contains("<S t=\"0\" d=\"288000\" r=\"4\"/>"), text);
        assertWellFormed(mpd.body());
        assertEquals(200, client.get(POP, "/video/dash/video-360p/segment-00001.m4s").statusCode());
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void theBrokenSitemapIsNotWellFormed(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> broken = client.get(POP, "/docs/broken.xml");

        assertEquals(200, broken.statusCode());
        assertEquals("application/xml; charset=utf-8", header(broken, "Content-Type"));
        SAXParseException e = assertThrows(SAXParseException.class, () -> assertWellFormed(broken.body()));
        assertEquals(4, e.getLineNumber());
    }

    @ParameterizedTest(name = "cache mode {0}")
    @ValueSource(booleans = {false, true})
    void theBigSitemapIsStreamedWithAsManyUrlsAsAskedFor(boolean cacheMode) throws Exception {
        start(cacheMode);

        HttpResponse<byte[]> big = client.get(POP, "/docs/big-sitemap.xml?urls=25001");

        assertEquals(200, big.statusCode());
        assertTrue(big.headers().firstValue("Content-Length").isEmpty(), "streamed, not sized up front");
        List<String> locs = locs(text(big));
        assertEquals(25001, locs.size());
        assertEquals(ORIGIN + "/big/page-0.html", locs.get(0));
        assertEquals(ORIGIN + "/big/page-25000.html", locs.get(25000));
        assertWellFormed(big.body());
    }

    @Test
    void theBigSitemapPausesBetweenItsChunksWhenAskedToAndStillSendsEveryUrl() throws Exception {
        start(false);
        long started = System.nanoTime();

        HttpResponse<byte[]> paced = client.get(POP, "/docs/big-sitemap.xml?urls=3000&pace_ms=150");

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(3000, locs(text(paced)).size());
        assertWellFormed(paced.body());
        assertTrue(tookMillis >= 300, "two pauses of 150 ms between three chunks, took " + tookMillis + " ms");
    }

    @Test
    void theBigSitemapHasADefaultSizeAndAnEmptyOneIsStillASitemap() throws Exception {
        start(false);

        assertEquals(SampleDocuments.BIG_DEFAULT, locs(text(client.get(POP, "/docs/big-sitemap.xml"))).size());
        String empty = text(client.get(POP, "/docs/big-sitemap.xml?urls=0"));
        assertEquals(0, locs(empty).size());
        assertWellFormed(empty.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void otherPathsStillAnswerWithTheFillerBody() throws Exception {
        start(false);

        HttpResponse<byte[]> other = client.get(POP, "/docs/other.xml");

        assertEquals("application/octet-stream", header(other, "Content-Type"));
        assertEquals(1024, other.body().length);
        assertTrue(other.headers().firstValue("Cache-Control").isEmpty());
    }

    private static List<String> locs(String xml) {
        Matcher m = LOC.matcher(xml);
        List<String> locs = new java.util.ArrayList<>();
        while (m.find()) {
            locs.add(m.group(1));
        }
        return locs;
    }

    private static void assertWellFormed(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        builder.parse(new ByteArrayInputStream(xml));
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }
}
