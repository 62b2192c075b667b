package io.prewarm.status.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.JobStatusEvent;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.ResultBatch;
import io.prewarm.contract.Task;
import io.prewarm.contract.Topics;
import io.prewarm.contract.WarmResult;
import io.prewarm.status.query.StatusDetail;
import io.prewarm.status.query.StatusReader;
import io.prewarm.status.query.StatusView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expanded job in the status fold (issue 16): total grows with each part, final only when every document is read and every part in. */
class ExpansionFoldTest {
    @TempDir
    Path stateDir;

    private static final String ID = "req-expand";
    private static final long DEADLINE = 1_000_000;
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final Duration RETENTION = Duration.ofHours(1);
    private static final String INDEX = "https://a.example/sitemap_index.xml";
    private static final String S1 = "https://a.example/sitemap-1.xml";
    private static final String S2 = "https://a.example/sitemap-2.xml";
    private static final String CUT = "expansion: truncated at 100000 URLs";

    private StatusDriver fold;

    @BeforeEach
    void setUp() {
        fold = new StatusDriver(stateDir, new StatusTopology.Settings(Duration.ofSeconds(10), RETENTION, 1_000));
    }

    @AfterEach
    void tearDown() {
        fold.close();
    }

    /** The request's own (single) chunk: the sitemap index, a document to read. */
    private static Job indexChunk() {
        return new Job(ID, List.of(INDEX), POPS, null, 0, DEADLINE, null, 0, 1, null, 0, 1, Map.of(INDEX, "sitemap"), null, null);
    }

    /** Part {@code index} of {@code document}: its URLs, the first {@code documents} of them sitemaps themselves. */
    private static Job part(String document, int index, int documents, String truncated, String... urls) {
        Map<String, String> docs = new LinkedHashMap<>();
        for (int i = 0; i < documents; i++) {
            docs.put(urls[i], "sitemap");
        }
        String id = new Expansion.Part(document, index, DEADLINE, docs).id();
        return new Job(ID, List.of(urls), POPS, null, 0, DEADLINE, null, 0, 1, null, 0, 0, docs, id, truncated);
    }

    private void partIn(String document, int index, int documents, String... urls) {
        fold.jobs.pipeInput(ID, part(document, index, documents, null, urls));
    }

    private void read(String document, int parts, long found) {
        tell(new Expansion.DocumentResult(document, "sitemap", parts, found, found, 0, null, null, 1));
    }

    private void tell(Expansion.DocumentResult d) {
        fold.results.pipeInput(ID, new ResultBatch(ID, List.of(), List.of(), List.of(d)));
    }

    private void warm(String... urls) {
        for (String url : urls) {
            for (String pop : POPS) {
                fold.send(ID, new WarmResult(ID, url, pop, Task.DEFAULT_ACCEPT_ENCODING, Outcome.SUCCESS, 200, "Miss from cloudfront", pop, 10, 5, 1,
                        null, 1));
            }
        }
    }

    private JobHeader header() {
        return fold.reader().header(ID).orElseThrow();
    }

    private StatusView status() {
        return fold.reader().view(header(), 0, true, StatusReader.Page.ALL);
    }

    private StatusDetail.Expansion expansion() {
        return fold.reader().detail(header()).expansion();
    }

    /** The index read into two sitemaps, and those read: 1 + 2 + 4 URLs, every task warmed but the last part's. */
    private void indexReadButOnePartMissing() {
        fold.jobs.pipeInput(ID, indexChunk());
        warm(INDEX);
        read(INDEX, 1, 2);
        partIn(INDEX, 0, 2, S1, S2);
        warm(S1, S2);
        read(S1, 2, 3);
        read(S2, 1, 1);
        partIn(S1, 0, 0, "https://a.example/1", "https://a.example/2");
        partIn(S2, 0, 0, "https://a.example/4");
        warm("https://a.example/1", "https://a.example/2", "https://a.example/4");
    }

    @Test
    void totalGrowsAsPartsArriveAndTheJobIsFinalOnlyWhenEveryDocumentAndPartIsIn() {
        fold.jobs.pipeInput(ID, indexChunk());
        warm(INDEX);
        assertEquals(JobStatus.IN_PROGRESS, status().status(), "the index is warmed but not read yet");
        assertEquals(1, status().total());

        read(INDEX, 1, 2);
        assertEquals(JobStatus.IN_PROGRESS, status().status(), "its one part is not in yet");
        partIn(INDEX, 0, 2, S1, S2);
        assertEquals(3, status().total());
        warm(S1, S2);
        read(S1, 2, 3);
        read(S2, 1, 1);
        partIn(S1, 0, 0, "https://a.example/1", "https://a.example/2");
        partIn(S2, 0, 0, "https://a.example/4");
        warm("https://a.example/1", "https://a.example/2", "https://a.example/4");

        StatusView waiting = status();
        assertEquals(6, waiting.total());
        assertEquals(6, waiting.completed(), "every task known so far ended");
        assertEquals(JobStatus.IN_PROGRESS, waiting.status(), "sitemap-1 announced a second part");
        assertEquals(new StatusDetail.Expansion(3, 3, 0, 0, 1, 6, 0, null, List.of(), null), expansion());
        assertTrue(fold.events.isEmpty());

        partIn(S1, 1, 0, "https://a.example/3");
        assertEquals(JobStatus.IN_PROGRESS, status().status(), "the last part's URL is not warmed yet");
        warm("https://a.example/3");

        StatusView done = status();
        assertEquals(JobStatus.COMPLETED, done.status());
        assertEquals(7, done.total());
        assertEquals(7, done.completed());
        JobStatusEvent e = fold.events.readValue();
        assertEquals(JobStatus.COMPLETED, e.status());
        assertEquals(7, e.total());
        assertTrue(fold.events.isEmpty());
    }

    @Test
    void aPartArrivingBeforeItsDocumentsResultWaitsForTheResult() {
        fold.jobs.pipeInput(ID, indexChunk());
        partIn(INDEX, 0, 0, "https://a.example/1");
        warm(INDEX, "https://a.example/1");
        assertEquals(JobStatus.IN_PROGRESS, status().status());
        assertEquals(1, expansion().pending());

        read(INDEX, 1, 1);
        assertEquals(JobStatus.COMPLETED, status().status());
        assertEquals(JobStatus.COMPLETED, fold.events.readValue().status());
    }

    @Test
    void aPartOrADocumentResultSeenTwiceChangesNothing() {
        indexReadButOnePartMissing();
        JobHeader before = header();

        partIn(S1, 0, 0, "https://a.example/1", "https://a.example/2");
        partIn(INDEX, 0, 2, S1, S2);
        read(S1, 5, 9);
        tell(new Expansion.DocumentResult(S2, "sitemap", 0, 0, 0, 0, null, "HTTP 404", 2));

        assertEquals(before, header());
        assertEquals(JobStatus.IN_PROGRESS, status().status());
        partIn(S1, 1, 0, "https://a.example/3");
        warm("https://a.example/3");
        partIn(S1, 1, 0, "https://a.example/3");
        assertEquals(JobStatus.COMPLETED, status().status());
        assertEquals(7, status().total());
        assertEquals(1, fold.events.readValuesToList().size(), "announced once");
    }

    @Test
    void aDocumentThatCannotBeReadFailsItsEntryWithTheReason() {
        fold.jobs.pipeInput(ID, indexChunk());
        read(INDEX, 1, 2);
        partIn(INDEX, 0, 2, S1, S2);
        warm(INDEX, S1, S2);
        read(S1, 0, 0);
        tell(new Expansion.DocumentResult(S2, null, 0, 0, 0, 0, null, "HTTP 404", 2));

        StatusView s = status();
        assertEquals(JobStatus.FAILED, s.status());
        assertEquals(3, s.total());
        assertEquals(3, s.completed());
        assertEquals(List.of(S2), s.failedUrl(), "warmed, yet failed: it could not be read");
        assertEquals(List.of(S1, INDEX), s.successUrl(), "in URL order");
        StatusDetail.Expansion x = expansion();
        assertEquals(List.of(new StatusDetail.DocumentFailure(S2, "HTTP 404")), x.failures());
        assertEquals(3, x.documents());
        assertEquals(2, x.read());
        assertEquals(1, x.failed());
        assertEquals(0, x.pending());
        JobStatusEvent e = fold.events.readValue();
        assertEquals(JobStatus.FAILED, e.status());
        assertEquals(1, e.failed());
    }

    @Test
    void aDocumentFailingBeforeItsTasksEndIsCountedFailedOnceWhenTheyDo() {
        fold.jobs.pipeInput(ID, indexChunk());
        tell(new Expansion.DocumentResult(INDEX, "sitemap", 0, 0, 0, 0, null, "parse error: not a sitemap", 1));
        assertEquals(JobStatus.IN_PROGRESS, status().status(), "its warm tasks are still running");
        assertEquals(0, header().failed());

        warm(INDEX);
        assertEquals(JobStatus.FAILED, status().status());
        assertEquals(1, header().failed());
        assertEquals(1, header().completed());
    }

    @Test
    void aTruncationIsSaidInDetail() {
        fold.jobs.pipeInput(ID, indexChunk());
        tell(new Expansion.DocumentResult(INDEX, "sitemap", 2, 5, 5, 0, null, null, 1));
        fold.jobs.pipeInput(ID, part(INDEX, 0, 0, CUT, "https://a.example/1"));
        fold.jobs.pipeInput(ID, part(INDEX, 1, 0, CUT));
        warm(INDEX, "https://a.example/1");

        assertEquals(JobStatus.COMPLETED, status().status());
        assertEquals(2, status().total());
        assertEquals(CUT, expansion().truncated());
    }

    @Test
    void aReadersOwnLimitIsSaidTooAndTheJobsLimitWinsOverIt() {
        fold.jobs.pipeInput(ID, indexChunk());
        tell(new Expansion.DocumentResult(INDEX, "hls", 1, 10, 4, 0, "segments: first 4 segments", null, 1));
        assertEquals("segments: first 4 segments", expansion().truncated());

        fold.jobs.pipeInput(ID, part(INDEX, 0, 0, CUT, "https://a.example/1"));
        assertEquals(CUT, expansion().truncated());
    }

    @Test
    void pendingDocumentsEndWithTheJobAtItsDeadline() {
        fold.jobs.pipeInput(ID, indexChunk());
        warm(INDEX);
        assertTrue(fold.events.isEmpty());

        fold.driver.advanceWallClockTime(Duration.ofMillis(DEADLINE + 10_000));
        assertEquals(JobStatus.TIMEOUT, fold.events.readValue().status());
        assertEquals(1, expansion().pending());
    }

    @Test
    void aDocumentResultBeforeTheJobsFirstChunkIsCountedWhenItComes() {
        read(INDEX, 1, 1);
        fold.jobs.pipeInput(ID, indexChunk());
        partIn(INDEX, 0, 0, "https://a.example/1");
        warm(INDEX, "https://a.example/1");

        assertEquals(JobStatus.COMPLETED, status().status());
        assertEquals(new StatusDetail.Expansion(1, 1, 0, 0, 0, 1, 0, null, List.of(), null), expansion());
    }

    @Test
    void anUnreadableDocumentResultOrBackoffWordIsDroppedAndTheDocumentResultsBesideItCount() {
        fold.jobs.pipeInput(ID, indexChunk());
        var raw = fold.driver.createInputTopic(Topics.RESULTS.name(), new StringSerializer(), new ByteArraySerializer());
        String json = "{\"requestID\":\"" + ID + "\",\"results\":[],\"backoffs\":[\"junk\"],"
                + "\"documents\":[{\"url\":\"" + S1 + "\",\"parts\":\"many\"},"
                + "{\"url\":\"" + INDEX + "\",\"kind\":\"sitemap\",\"parts\":0,\"found\":0,\"finishedAt\":1}]}";

        raw.pipeInput(ID, json.getBytes(StandardCharsets.UTF_8));
        warm(INDEX);

        assertEquals(JobStatus.COMPLETED, status().status(), "the readable document result is kept");
        assertEquals(1, expansion().read());
    }

    @Test
    void aPlainJobHasNoExpansionInDetail() {
        Job plain = new Job(ID, List.of("https://a.example/1"), POPS, null, 0, DEADLINE, null);
        fold.jobs.pipeInput(ID, plain);
        warm("https://a.example/1");

        assertEquals(JobStatus.COMPLETED, status().status());
        assertNull(header().expansion());
        assertNull(fold.reader().detail(header()).expansion());
    }

    @Test
    void retentionDeletesTheDocumentsWithTheJob() {
        indexReadButOnePartMissing();
        partIn(S1, 1, 0, "https://a.example/3");
        warm("https://a.example/3");
        assertEquals(JobStatus.COMPLETED, status().status());
        assertTrue(hasDocuments());

        fold.driver.advanceWallClockTime(RETENTION.plusMinutes(1));
        assertTrue(fold.reader().header(ID).isEmpty());
        assertFalse(hasDocuments(), "job-documents entries deleted with the job");
    }

    private boolean hasDocuments() {
        try (var it = fold.store(StatusStores.DOCUMENTS).all()) {
            return it.hasNext();
        }
    }
}
