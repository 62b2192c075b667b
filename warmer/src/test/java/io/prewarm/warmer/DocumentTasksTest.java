package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Expansion.DocumentResult;
import io.prewarm.contract.Json;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.Task;
import io.prewarm.contract.Topics;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document tasks read through a PoP of the edge simulator (its sample sitemaps, playlists and MPD),
 * their parts on a MockProducer: the part records a job grows by, in order and deterministic, and
 * the document result that says what was found, cut or why it failed.
 */
class DocumentTasksTest {
    private static final String DIST = "d111111abcdef8";
    private static final String ATL = "ATL56-C1";
    private static final String SITE = "http://www.example.com";
    private static final long DEADLINE = System.currentTimeMillis() + 600_000;
    @TempDir
    Path dir;
    private EdgeSimulator edge;
    private EdgeResolver resolver;
    private EdgeClient client;
    private final MockProducer<String, String> producer = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private DocumentTasks documents;

    @BeforeEach
    void setUp() {
        edge = EdgeSimulator.builder().start();
        resolver = new EdgeResolver(HostsFile.load(edge.writeHostsFile(dir.resolve("hosts"), DIST, List.of(ATL))), Optional.empty());
        client = new EdgeClient(WarmerConfig.fromEnv(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()))), resolver);
        documents = new DocumentTasks(client, producer, 2, 1_000_000);
    }

    @AfterEach
    void tearDown() {
        documents.close();
        client.close();
        resolver.close();
        edge.close();
    }

    /** The request a document task of job r1 carries: targets and settings, no URLs. */
    private static PrewarmRequest request(String expand, Integer expandLimit, Expansion.Segments segments) {
        return new PrewarmRequest(List.of(), null, "http", "pop", List.of(ATL), null, List.of(""), null, null, null, List.of(ATL), null, null,
                null, null, expand, null, expandLimit, segments, null);
    }

    private DocumentResult read(DocumentTasks with, String path, String kind, Integer expandLimit) throws Exception {
        Task task = new Task("r1", SITE + path, ATL, DIST, "http", "", Map.of(), DEADLINE, null, null);
        return with.read(task, new Expansion.Read(kind, request(kind, expandLimit, null))).get(60, TimeUnit.SECONDS);
    }

    private DocumentResult read(String path, String kind) throws Exception {
        return read(documents, path, kind, null);
    }

    private List<PrewarmRequest> parts() {
        return producer.history().stream().map(r -> {
            assertEquals(Topics.REQUESTS.name(), r.topic());
            assertEquals("r1", r.key());
            try {
                return Json.MAPPER.readValue(r.value(), PrewarmRequest.class);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aSitemapBecomesOnePartOfItsUrlsAndAResultSayingSo() throws Exception {
        DocumentResult r = read("/docs/sitemap.xml", "sitemap");

        assertEquals(new DocumentResult(SITE + "/docs/sitemap.xml", "sitemap", 1, 4, 4, 0, null, null, r.finishedAt()), r);
        PrewarmRequest part = parts().get(0);
        assertEquals(List.of(SITE + "/", SITE + "/products/widget.html", SITE + "/about?lang=en&ref=sitemap", SITE + "/assets/app.js"),
                part.urlList());
        assertEquals(new Expansion.Part(SITE + "/docs/sitemap.xml", 0, DEADLINE, Map.of()), part.part());
        assertEquals(List.of(ATL), part.pops());
        assertEquals("sitemap", part.expand());
        assertEquals("gzip", edge.requests().get(0).acceptEncoding(), "documents are asked for gzip");
        assertEquals(0, documents.pendingTimers());
    }

    @Test
    void aSitemapIndexListsItsSitemapsAsNestedDocumentsOfThePart() throws Exception {
        DocumentResult r = read("/docs/sitemap-index.xml", "auto");

        assertEquals("sitemap", r.kind());
        PrewarmRequest part = parts().get(0);
        assertEquals(Map.of(SITE + "/docs/sitemap-1.xml", "sitemap", SITE + "/docs/sitemap-2.xml.gz", "sitemap"), part.part().documents());
        assertEquals(part.part().documents(), part.documents());
    }

    @Test
    void aGzipSitemapIsReadByItsMagic() throws Exception {
        DocumentResult r = read("/docs/sitemap-2.xml.gz", "sitemap");

        assertNull(r.error());
        assertEquals(List.of(SITE + "/section-2/page-1.html", SITE + "/section-2/page-2.html"), parts().get(0).urlList());
    }

    @Test
    void anHlsMasterIsDetectedAndNamesItsRenditionsToReadInTurn() throws Exception {
        DocumentResult r = read("/video/master.m3u8", "auto");

        assertEquals("hls", r.kind());
        assertEquals(3, r.kept());
        Map<String, String> nested = parts().get(0).part().documents();
        assertEquals(Map.of(SITE + "/video/audio-en/index.m3u8", "hls", SITE + "/video/360p/index.m3u8", "hls",
                SITE + "/video/720p/index.m3u8", "hls"), nested);
    }

    @Test
    void anHlsMediaPlaylistNamesItsKeyInitAndSegmentsResolved() throws Exception {
        DocumentResult r = read("/video/360p/index.m3u8", "hls");

        assertEquals(7, r.kept());
        List<String> urls = parts().get(0).urlList();
        assertTrue(urls.contains(SITE + "/video/keys/key-1.bin") && urls.contains(SITE + "/video/360p/segment-4.m4s"), urls.toString());
        assertTrue(parts().get(0).part().documents().isEmpty());
    }

    @Test
    void aDashMpdIsReadAsDash() throws Exception {
        DocumentResult r = read("/video/manifest.mpd", "auto");

        assertEquals("dash", r.kind());
        assertNull(r.error());
        assertTrue(r.kept() > 0 && parts().get(0).urlList().stream().allMatch(u -> u.startsWith(SITE + "/video/dash/")), parts().toString());
    }

    @Test
    void theJobsLimitCutsTheDocumentAndSaysSo() throws Exception {
        DocumentResult r = read(documents, "/docs/big-sitemap.xml?urls=2500", "sitemap", 1_200);

        assertEquals("expansion: truncated at 1200 URLs", r.truncated());
        assertEquals(1_200, r.kept());
        assertEquals(2, r.parts());
        assertEquals(List.of(1_000, 200), parts().stream().map(p -> p.urlList().size()).toList());
        assertEquals(List.of(0, 1), parts().stream().map(p -> p.part().index()).toList());
    }

    @Test
    void aBrokenDocumentFailsWithItsReasonAndKeepsWhatWasReadBefore() throws Exception {
        DocumentResult r = read("/docs/broken.xml", "sitemap");

        assertTrue(r.failed());
        assertTrue(r.error().contains("line 4"), r.error());
        assertEquals(1, r.parts());
        assertEquals(List.of(SITE + "/broken/ok.html"), parts().get(0).urlList());
    }

    @Test
    void aMissingDocumentFailsWithItsStatusAndWritesNoPart() throws Exception {
        edge.fault("/docs/missing.xml", null, Fault.status(404));

        DocumentResult r = read("/docs/missing.xml", "sitemap");
        assertEquals("HTTP 404", r.error());
        assertEquals(0, r.parts());
        assertTrue(producer.history().isEmpty());
    }

    @Test
    void aDocumentOfNoKnownKindFails() throws Exception {
        DocumentResult r = read("/plain/page.html", "auto");

        assertTrue(r.error().startsWith("cannot tell what kind of document this is"), r.error());
    }

    @Test
    void aBodySentWithContentEncodingGzipIsDecoded() throws Exception {
        byte[] sitemap = gzip("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>" + SITE
                + "/encoded.html</loc></url></urlset>");
        String answer = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Encoding: gzip\r\nContent-Length: " + sitemap.length
                + "\r\n\r\n" + new String(sitemap, StandardCharsets.ISO_8859_1);
        try (ScriptedEdge pop = new ScriptedEdge(n -> answer);
             EdgeResolver local = new EdgeResolver(localHosts(), Optional.empty());
             EdgeClient scripted = new EdgeClient(WarmerConfig.fromEnv(Map.of("PREWARM_EDGE_HTTP_PORT", String.valueOf(pop.port()))), local);
             DocumentTasks reader = new DocumentTasks(scripted, producer, 1, 100)) {
            DocumentResult r = read(reader, "/sitemap.xml", "auto", null);

            assertNull(r.error());
            assertEquals(List.of(SITE + "/encoded.html"), parts().get(0).urlList());
            assertEquals("gzip", pop.seen().get(0).headers().get("Accept-Encoding"));
        }
    }

    /** 200,000 URLs stream through: 200 parts in order, never more than a few of them waiting for Kafka. */
    @Test
    void aBigSitemapIsStreamedAFewPartsAtATime() throws Exception {
        MockProducer<String, String> slow = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        Thread broker = new Thread(() -> {
            while (reading.get()) {
                mostWaiting.accumulateAndGet(slow.history().size() - acknowledged.get(), Math::max);
                if (slow.completeNext()) {
                    acknowledged.incrementAndGet();
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
        }, "acknowledging-broker");
        broker.start();
        try (DocumentTasks reader = new DocumentTasks(client, slow, 1, 1_000_000)) {
            DocumentResult r = read(reader, "/docs/big-sitemap.xml?urls=200000", "sitemap", 500_000);

            assertNull(r.error());
            assertEquals(200_000, r.kept());
            assertEquals(200, r.parts());
            List<ProducerRecord<String, String>> sent = slow.history();
            assertEquals(200, sent.size());
            PrewarmRequest last = Json.MAPPER.readValue(sent.get(199).value(), PrewarmRequest.class);
            assertEquals(199, last.part().index());
            assertEquals(SITE + "/big/page-199999.html", last.urlList().get(999));
            assertTrue(mostWaiting.get() <= DocumentParts.IN_FLIGHT, "at most " + DocumentParts.IN_FLIGHT + " parts wait, saw " + mostWaiting.get());
        } finally {
            reading.set(false);
            broker.join();
        }
    }

    @Test
    void aDocumentReadTwiceWritesTheSameParts() throws Exception {
        read(documents, "/docs/big-sitemap.xml?urls=2100", "sitemap", null);
        List<String> first = producer.history().stream().map(ProducerRecord::value).toList();
        producer.clear();

        read(documents, "/docs/big-sitemap.xml?urls=2100", "sitemap", null);
        assertEquals(first, producer.history().stream().map(ProducerRecord::value).toList());
    }

    private HostsFile localHosts() throws Exception {
        Path file = dir.resolve("scripted-hosts");
        Files.writeString(file, "127.0.0.1 " + DIST + "." + ATL + ".cloudfront.net\n");
        return HostsFile.load(file);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
