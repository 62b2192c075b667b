package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expansion end to end (issue 16) on a real broker against the simulator's sample documents: a
 * sitemap index with a gzip sitemap, an HLS master with its media playlists (relative URIs, key,
 * init section), a DASH MPD ({@code $Number$} and {@code $Time$}), {@code segments},
 * {@code expand_limit}, a broken and a missing document. Each job's {@code total} grows to exactly the
 * distinct URLs its documents name plus the documents, each warmed once at every PoP, and
 * {@code detail.expansion} says what was read.
 */
class ExpansionIT {
    private static final String DIST = EdgeSystem.DIST;
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final String SITE = "http://www.example.com";

    @TempDir
    static Path dir;
    private static EdgeSimulator edge;
    private static EdgeSystem system;

    @BeforeAll
    static void start() {
        edge = EdgeSimulator.builder().start();
        // verification off: these tests count requests per URL (VerifyIT covers the second request)
        system = EdgeSystem.start(dir, edge, POPS, Map.of("PREWARM_VERIFY", "false"));
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        edge.clearRequests();
        edge.clearFaults();
    }

    /** Submits documents with {@code fields} (the JSON members after the required ones) and waits for the final detailed status. */
    private static JsonNode finish(List<String> documents, String fields) {
        String list = documents.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        String pops = POPS.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        String id = system.submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [" + pops + "], " + fields + "}");
        return system.awaitFinal(id, Duration.ofSeconds(120));
    }

    /** The paths (with query) the edge was asked for under {@code prefix}, each once. */
    private static Set<String> pathsUnder(String prefix) {
        return edge.requests().stream().map(Request::pathAndQuery).filter(p -> p.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static long requestsFor(String pathAndQuery) {
        return edge.requests().stream().filter(r -> r.pathAndQuery().equals(pathAndQuery)).count();
    }

    private static void assertEveryTaskSucceeded(JsonNode status, int urls) {
        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(urls, status.path("total").asInt(), status.toString());
        assertEquals(urls, status.path("completed").asInt(), status.toString());
        assertEquals(urls * POPS.size(), status.path("detail").path("tasks").path("succeeded").asInt(), status.toString());
        assertEquals(0, status.path("detail").path("tasks").path("failed").asInt(), status.toString());
    }

    @Test
    void aSitemapIndexIsFollowedIntoItsPlainAndGzipSitemapsAndEveryUrlIsWarmedOnceAtEveryPop() {
        JsonNode status = finish(List.of(SITE + "/docs/sitemap-index.xml"), "\"expand\": \"sitemap\"");

        // the index, its two sitemaps and the five pages they name
        assertEveryTaskSucceeded(status, 8);
        JsonNode expansion = status.path("detail").path("expansion");
        assertEquals(3, expansion.path("documents").asInt(), expansion.toString());
        assertEquals(3, expansion.path("read").asInt(), expansion.toString());
        assertEquals(0, expansion.path("failed").asInt(), expansion.toString());
        assertEquals(0, expansion.path("pending").asInt(), expansion.toString());
        assertEquals(0, expansion.path("partsPending").asInt(), expansion.toString());
        assertFalse(expansion.path("truncated").isTextual(), "nothing was cut: " + expansion);
        assertEquals(Set.of("/section-1/page-1.html", "/section-1/page-2.html", "/section-1/page-3.html", "/section-2/page-1.html",
                "/section-2/page-2.html"), pathsUnder("/section-"));
        for (String page : pathsUnder("/section-")) {
            assertEquals(POPS.size(), requestsFor(page), "warmed once at each PoP: " + page);
        }
        // each document read once through a PoP of the job, and warmed at every PoP
        for (String document : List.of("/docs/sitemap-index.xml", "/docs/sitemap-1.xml", "/docs/sitemap-2.xml.gz")) {
            assertEquals(POPS.size() + 1, requestsFor(document), "read once and warmed at each PoP: " + document);
        }
    }

    @Test
    void autoDetectsASitemapAndItsEscapedQueryIsWarmedDecoded() {
        JsonNode status = finish(List.of(SITE + "/docs/sitemap.xml"), "\"expand\": \"auto\"");

        assertEveryTaskSucceeded(status, 5);
        assertEquals(POPS.size(), requestsFor("/about?lang=en&ref=sitemap"), "the sitemap's &amp; is an &: " + pathsUnder("/about"));
        assertEquals(POPS.size(), requestsFor("/products/widget.html"));
        assertEquals(POPS.size(), requestsFor("/"), "the site's root");
    }

    @Test
    void anHlsMasterExpandsIntoItsRenditionsKeysInitSectionsAndSegmentsResolvedRelativeToEachPlaylist() {
        JsonNode status = finish(List.of(SITE + "/video/master.m3u8"), "\"expand\": \"hls\"");

        // the master, three media playlists, one key shared by all three (../keys), and per rendition an init and five segments
        assertEveryTaskSucceeded(status, 1 + 3 + 1 + 3 * 6);
        assertEquals(4, status.path("detail").path("expansion").path("read").asInt(), status.path("detail").toString());
        Set<String> expected = new TreeSet<>(List.of("/video/keys/key-1.bin"));
        for (String rendition : List.of("360p", "720p", "audio-en")) {
            expected.add("/video/" + rendition + "/index.m3u8");
            expected.add("/video/" + rendition + "/init.mp4");
            IntStream.range(0, 5).forEach(i -> expected.add("/video/" + rendition + "/segment-" + i + ".m4s"));
        }
        Set<String> warmed = pathsUnder("/video/");
        warmed.remove("/video/master.m3u8");
        assertEquals(expected, warmed);
        assertEquals(POPS.size(), requestsFor("/video/keys/key-1.bin"), "a URL named by three playlists is one URL of the job");
    }

    @Test
    void segmentsFirstSecondsKeepsTheSegmentsThatStartWithinThem() {
        JsonNode status = finish(List.of(SITE + "/video/360p/index.m3u8?cut=seconds"), "\"expand\": \"hls\", \"segments\": {\"first_seconds\": 10}");

        // the playlist, its key, its init section, and the segments starting at 0 s and 6 s
        assertEveryTaskSucceeded(status, 1 + 1 + 1 + 2);
        assertEquals(POPS.size(), requestsFor("/video/360p/segment-1.m4s"));
        assertEquals(0, requestsFor("/video/360p/segment-2.m4s"), "the segment starting at 12 s is past the first 10 s");
    }

    @Test
    void aDashMpdExpandsNumberAndTimeTemplatesUnderItsBaseUrl() {
        JsonNode status = finish(List.of(SITE + "/video/manifest.mpd"), "\"expand\": \"dash\"");

        assertEveryTaskSucceeded(status, 1 + 18);
        Set<String> expected = new TreeSet<>();
        for (String video : List.of("video-360p", "video-720p")) {
            expected.add("/video/dash/" + video + "/init.mp4");
            IntStream.rangeClosed(1, 5).forEach(n -> expected.add(String.format("/video/dash/%s/segment-%05d.m4s", video, n)));
        }
        expected.add("/video/dash/audio-en/init.mp4");
        IntStream.range(0, 5).forEach(i -> expected.add("/video/dash/audio-en/" + (i * 288000) + ".m4s"));
        assertEquals(expected, pathsUnder("/video/dash/"));
    }

    @Test
    void expandLimitCutsTheJobAndSaysSo() {
        JsonNode status = finish(List.of(SITE + "/docs/big-sitemap.xml?urls=2500"), "\"expand\": \"sitemap\", \"expand_limit\": 1000");

        assertEveryTaskSucceeded(status, 1000);
        JsonNode expansion = status.path("detail").path("expansion");
        assertEquals("expansion: truncated at 1000 URLs", expansion.path("truncated").asText(), expansion.toString());
        assertEquals(999, pathsUnder("/big/page-").size(), "the sitemap itself and 999 of its pages: " + expansion);
    }

    @Test
    void aBrokenAndAMissingDocumentFailTheirEntriesWithTheReasonWhileTheRestIsWarmed() {
        edge.fault("/docs/missing.xml", null, Fault.status(404));

        JsonNode status = finish(List.of(SITE + "/docs/broken.xml", SITE + "/docs/missing.xml", SITE + "/docs/sitemap-1.xml?with=broken"),
                "\"expand\": \"sitemap\"");

        assertEquals("FAILED", status.path("status").asText(), status.toString());
        JsonNode expansion = status.path("detail").path("expansion");
        assertEquals(3, expansion.path("documents").asInt(), expansion.toString());
        assertEquals(2, expansion.path("failed").asInt(), expansion.toString());
        assertEquals(1, expansion.path("read").asInt(), expansion.toString());
        List<String> reasons = new ArrayList<>();
        expansion.path("failures").forEach(f -> reasons.add(f.path("url").asText() + " -> " + f.path("reason").asText()));
        assertEquals(2, reasons.size(), reasons.toString());
        String broken = reasons.stream().filter(r -> r.startsWith(SITE + "/docs/broken.xml")).findFirst().orElseThrow(() -> new AssertionError(reasons));
        String missing = reasons.stream().filter(r -> r.startsWith(SITE + "/docs/missing.xml")).findFirst().orElseThrow(() -> new AssertionError(reasons));
        assertTrue(broken.contains("line 4") || broken.toLowerCase().contains("parse") || broken.toLowerCase().contains("xml"), broken);
        assertTrue(missing.contains("404"), missing);
        assertTrue(Api.texts(status.path("failedUrl")).containsAll(List.of(SITE + "/docs/broken.xml", SITE + "/docs/missing.xml")),
                status.path("failedUrl").toString());
        // the good sitemap's three pages are warmed; the broken one's first page, named before the error, too
        assertEquals(Set.of("/section-1/page-1.html", "/section-1/page-2.html", "/section-1/page-3.html"), pathsUnder("/section-1/"));
        assertEquals(POPS.size(), requestsFor("/broken/ok.html"), "what a broken document named before its error still counts");
    }
}
