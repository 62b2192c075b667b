package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpansionFieldsTest {
    private final RequestValidator validator = new RequestValidator(PopCatalog.load(Optional.empty()), 500);

    private PrewarmRequest submit(String extra) {
        return validator.submission("{\"url_list\": [\"https://www.example.com/sitemap.xml\"], \"region\": [\"ATL56-C1\", \"DFW55-C3\"]" + extra + "}");
    }

    @Test
    void aPlainRequestHasNoDocuments() {
        PrewarmRequest r = submit("");
        assertNull(r.expand());
        assertEquals(Map.of(), r.documents());
        assertEquals(Map.of(), Job.of("id", r, 1, Duration.ofMinutes(5)).documents());
    }

    @Test
    void withExpandEveryUrlIsADocumentOfThatKindAndTheSettingsReachTheParts() {
        PrewarmRequest r = submit(", \"expand\": \"HLS\", \"expand_hosts\": [\"Media.Example.com\"], \"expand_limit\": 400, "
                + "\"segments\": {\"first_seconds\": 60}");
        assertEquals("hls", r.expand());
        assertEquals(List.of("media.example.com"), r.expandHosts());
        assertEquals(400, r.expandLimit());
        assertEquals(60, r.segments().firstSeconds());
        assertEquals(Map.of("https://www.example.com/sitemap.xml", "hls"), r.documents());
        PrewarmRequest carried = r.forParts();
        assertEquals(List.of("ATL56-C1", "DFW55-C3"), carried.pops());
        Expansion.Part part = new Expansion.Part("https://www.example.com/master.m3u8", 2, 99L, Map.of("https://www.example.com/v/720p.m3u8", "hls"));
        PrewarmRequest asPart = carried.asPart(List.of("https://www.example.com/v/720p.m3u8", "https://www.example.com/v/key.bin"), part);
        assertEquals(Map.of("https://www.example.com/v/720p.m3u8", "hls"), asPart.documents());
        Job job = Job.of("id", asPart, 5, Duration.ofMinutes(5));
        assertTrue(job.isPart());
        assertEquals("https://www.example.com/master.m3u8#2", job.part());
        assertEquals(99L, job.deadline(), "a part keeps the job's deadline");
        Job cut = job.truncatedTo(1, "expansion: truncated at 400 URLs");
        assertEquals(1, cut.urls().size());
        assertEquals("expansion: truncated at 400 URLs", cut.truncated());
    }

    @Test
    void aPartRecordReadsBackAsAPart() throws Exception {
        String json = "{\"url_list\": [\"https://www.example.com/a.html\", \"https://www.example.com/s2.xml\"], \"region\": [\"ATL56-C1\"], "
                + "\"expand\": \"sitemap\", \"part\": {\"document\": \"https://www.example.com/index.xml\", \"index\": 0, \"deadline\": 7, "
                + "\"documents\": {\"https://www.example.com/s2.xml\": \"sitemap\"}}}";
        PrewarmRequest r = validator.record(json);
        assertEquals("https://www.example.com/index.xml#0", r.part().id());
        assertEquals(Map.of("https://www.example.com/s2.xml", "sitemap"), r.documents());
        PrewarmRequest round = validator.record(Json.MAPPER.writeValueAsString(r));
        assertEquals(r, round);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ", \"expand\": \"rss\"|expand",
        ", \"expand\": true|expand",
        ", \"expand_limit\": 10|expand_limit",
        ", \"expand\": \"auto\", \"expand_limit\": 0|expand_limit",
        ", \"expand\": \"auto\", \"expand_limit\": 501|expand_limit",
        ", \"expand\": \"auto\", \"expand_hosts\": \"cdn.example.com\"|expand_hosts",
        ", \"expand\": \"auto\", \"expand_hosts\": [\"http://cdn.example.com\"]|expand_hosts[0]",
        ", \"expand\": \"auto\", \"expand_hosts\": [\"cdn.example.com:8080\"]|expand_hosts[0]",
        ", \"expand\": \"hls\", \"segments\": {\"first_seconds\": 10, \"first_segments\": 3}|segments",
        ", \"expand\": \"hls\", \"segments\": {\"first_minutes\": 1}|segments",
        ", \"expand\": \"hls\", \"segments\": {\"first_segments\": 0}|segments.first_segments",
        ", \"expand\": \"sitemap\", \"segments\": {\"first_segments\": 5}|segments",
        ", \"segments\": {\"first_segments\": 5}|segments",
        ", \"expand\": \"dash\", \"segments\": {\"first_seconds\": null}|segments.first_seconds",
    })
    void mistakesNameTheirField(String extra, String field) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> submit(extra));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void aSubmissionCannotClaimToBeAPart() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> submit(", \"part\": {\"document\": \"https://www.example.com/x.xml\", \"index\": 0}"));
        assertEquals("part", e.field());
    }

    @Test
    void aPartsDocumentsAreAmongItsUrls() {
        String json = "{\"url_list\": [\"https://www.example.com/a.html\"], \"region\": [\"ATL56-C1\"], \"expand\": \"sitemap\", "
                + "\"part\": {\"document\": \"https://www.example.com/index.xml\", \"index\": 0, \"documents\": {\"https://www.example.com/b.xml\": \"sitemap\"}}}";
        assertEquals("part.documents", assertThrows(InvalidRequestException.class, () -> validator.record(json)).field());
    }

    @Test
    void aRetryReadsNothingAgain() {
        PrewarmRequest r = submit(", \"expand\": \"sitemap\"");
        assertNull(r.settings().retrying("orig").expand());
    }
}
