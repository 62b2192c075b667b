package io.prewarm.launcher.cli;

import static io.prewarm.launcher.cli.FakeServer.job;
import static io.prewarm.launcher.cli.FakeServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prewarm submit} of documents (issue 16): the shorthands and the general form make the body the API
 * documents, a job that grows is followed with its documents in view, and the summary says what reading them found.
 */
class SubmitExpansionTest {
    @TempDir
    Path dir;
    private FakeServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Run submit(String stdin, String... args) {
        return CliRunner.against(server, stdin, "submit", args);
    }

    private JsonNode sentBody() throws Exception {
        return Json.MAPPER.readTree(server.calls("POST", "/prewarm").get(0).body());
    }

    /** A {@code detail=true} answer of an expanded job, with {@code expansion} as its {@code detail.expansion}. */
    private static String expanded(String status, int total, int completed, String expansion) {
        return job(status, total, completed).replace("}", ",\"detail\":{\"tasks\":{\"total\":" + total + ",\"succeeded\":" + completed
                + ",\"failed\":0,\"pending\":" + (total - completed) + "},\"pops\":[],\"failures\":[],\"expansion\":" + expansion + "}}");
    }

    private static String expansion(int documents, int read, int failed, int pending, int partsPending, int found, int otherHosts, String more) {
        return "{\"documents\":" + documents + ",\"read\":" + read + ",\"failed\":" + failed + ",\"pending\":" + pending + ",\"partsPending\":"
                + partsPending + ",\"urlsFound\":" + found + ",\"skippedOtherHosts\":" + otherHosts + more + "}";
    }

    @Test
    void sitemapShorthandsSendTheirUrlsWithExpandAndNeedNoUrlFile() throws Exception {
        CliRunner.Run run = submit("http://not.read.example/\n", "--sitemap", "https://www.example.com/sitemap_index.xml", "--sitemap",
                " https://www.example.com/news,2026.xml ", "--region", "us", "--no-follow");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertEquals("job-1", run.out().strip());
        assertEquals(Json.MAPPER.readTree("{\"url_list\":[\"https://www.example.com/sitemap_index.xml\",\"https://www.example.com/news,2026.xml\"],"
                + "\"target_type\":\"region\",\"region\":[\"us\"],\"expand\":\"sitemap\"}"), sentBody(), "a comma in a URL is kept; stdin is not read");
    }

    @Test
    void hlsShorthandCarriesTheLimitsTheHostsAndSegmentsInSeconds() throws Exception {
        CliRunner.Run run = submit("", "--hls", "https://www.example.com/video/master.m3u8", "--pop", "ATL56-C1", "--segments", "60s",
                "--expand-host", "media.example.com,cdn.example.com", "--expand-host=img.example.com", "--expand-limit", "5000", "--no-follow");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        JsonNode body = sentBody();
        assertEquals("hls", body.path("expand").asText());
        assertEquals("{\"first_seconds\":60}", body.path("segments").toString());
        assertEquals("[\"media.example.com\",\"cdn.example.com\",\"img.example.com\"]", body.path("expand_hosts").toString());
        assertEquals("5000", body.path("expand_limit").toString(), "a JSON number");
    }

    @Test
    void theGeneralFormMakesEveryUrlOfTheFileADocumentAndABareSegmentsValueCountsSegments() throws Exception {
        Path file = Files.writeString(dir.resolve("docs.txt"), "https://www.example.com/video/master.m3u8\nhttps://www.example.com/video/manifest.mpd\n");

        CliRunner.Run run = submit("", "--region", "all", "--expand", "auto", "--segments", "10", "--no-follow", file.toString());

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        JsonNode body = sentBody();
        assertEquals(2, body.path("url_list").size());
        assertEquals("auto", body.path("expand").asText());
        assertEquals("{\"first_segments\":10}", body.path("segments").toString());
        assertFalse(body.has("expand_limit") || body.has("expand_hosts"), "the server's defaults hold: " + body);
    }

    @Test
    void withoutExpansionOptionsTheBodyHasNoExpansionFields() throws Exception {
        submit("http://a.example/1\n", "--region", "us", "--no-follow", "-");

        JsonNode body = sentBody();
        assertFalse(body.has("expand") || body.has("segments") || body.has("expand_limit") || body.has("expand_hosts"), body.toString());
    }

    @Test
    void aGrowingJobIsFollowedWithItsDocumentsUntilTheyAreReadThenByItsCountsAlone() {
        AtomicInteger detailPolls = new AtomicInteger();
        List<String> growing = List.of(
                expanded("IN_PROGRESS", 5, 1, expansion(3, 1, 0, 2, 0, 4, 0, "")),
                expanded("IN_PROGRESS", 8, 3, expansion(3, 3, 0, 0, 1, 7, 0, "")),
                expanded("IN_PROGRESS", 8, 6, expansion(3, 3, 0, 0, 0, 7, 0, "")));
        String done = expanded("COMPLETED", 8, 8, expansion(3, 3, 0, 0, 0, 7, 0, ""));
        server.polls(ok(job("COMPLETED", 8, 8))).reads(c -> {
            int n = detailPolls.getAndIncrement();
            return ok(n < growing.size() ? growing.get(n) : done);
        });

        CliRunner.Run run = submit("", "--sitemap", "http://www.example.com/docs/sitemap-index.xml", "--region", "us");

        assertEquals(Exit.COMPLETED, run.code(), run.err());
        assertTrue(run.err().contains("(1 document to expand (sitemap), the total growing as they are read)"), run.err());
        assertTrue(run.err().contains("[######------------------------]  20%  1/5+ URLs  IN_PROGRESS  documents 1/3 read"), run.err());
        assertTrue(run.err().contains("  37%  3/8+ URLs  IN_PROGRESS  documents 3/3 read"), "a part still on its way: " + run.err());
        assertTrue(run.err().contains("  75%  6/8 URLs  IN_PROGRESS  documents 3/3 read"), "every document in: no + any more: " + run.err());
        assertTrue(run.err().contains("100%  8/8 URLs  COMPLETED"), run.err());
        List<FakeServer.Call> polls = server.calls("GET", "/status").stream().filter(c -> "1".equals(c.query().get("limit"))).toList();
        assertEquals(List.of("true", "true", "true", "-", "true"), polls.stream().map(c -> c.query().getOrDefault("detail", "-")).toList(),
                "detail while it grows, counts alone once it cannot, then the summary's: " + polls);
        assertTrue(run.out().contains("documents  3 read, 0 failed, 0 not read (of 3); 7 URLs found\n"), run.out());
        assertFalse(run.out().contains("truncated"), run.out());
    }

    @Test
    void theSummarySaysWhereTheJobWasCutAndWhichDocumentsCouldNotBeReadAndWhy() {
        String failures = IntStream.range(0, 7).mapToObj(i -> "{\"url\":\"http://www.example.com/docs/gone-" + i + ".xml\",\"reason\":\"HTTP 404\"}")
                .collect(Collectors.joining(","));
        server.polls(ok(job("FAILED", 1500, 1500))).reads(c -> c.query().containsKey("detail")
                ? ok(expanded("FAILED", 1500, 1500, expansion(9, 2, 7, 0, 0, 5002, 3, ",\"truncated\":\"expansion: truncated at 1500 URLs\","
                        + "\"failures\":[" + failures + "],\"failuresTruncated\":false")))
                : ok("{\"status\":\"FAILED\",\"failedUrl\":[]}"));

        CliRunner.Run run = submit("", "--sitemap", "http://www.example.com/docs/big.xml", "--region", "us", "--expand-limit", "1500");

        assertEquals(Exit.FAILED, run.code(), run.err());
        assertTrue(run.out().contains("documents  2 read, 7 failed, 0 not read (of 9); 5002 URLs found, 3 on other hosts left out\n"
                + "truncated  expansion: truncated at 1500 URLs\n"
                + "failures   first 5 of 7 documents could not be read:\n"
                + "  HTTP 404  http://www.example.com/docs/gone-0.xml\n"), run.out());
        assertEquals(5, run.out().lines().filter(l -> l.startsWith("  HTTP 404  ")).count(), run.out());
    }

    @Test
    void anExpandValueTheServerRefusesShowsItsMessage() {
        server.post(400, "{\"message\":\"expand: must be one of [none, sitemap, hls, dash, auto], got \\\"rss\\\"\"}");

        CliRunner.Run run = submit("http://a.example/feed.xml\n", "--region", "us", "--expand", "rss", "-");

        assertEquals(Exit.REFUSED, run.code());
        assertTrue(run.err().contains("HTTP 400): expand: must be one of [none, sitemap, hls, dash, auto]"), run.err());
    }
}
