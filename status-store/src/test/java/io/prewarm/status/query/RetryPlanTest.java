package io.prewarm.status.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestChunker;
import io.prewarm.contract.Targets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The chunks of a retry: exactly the failed tasks, each once, in bounded chunks numbered across the request. */
class RetryPlanTest {
    private static final String ATL = "ATL56-C1";
    private static final String DFW = "DFW55-C3";
    private static final String FRA = "FRA56-C1";
    private static final Targets JOB = new Targets(List.of(ATL, DFW, FRA), List.of("br", "gzip"));
    private static final PrewarmRequest SETTINGS = new PrewarmRequest(List.of(), "d111111abcdef8.cloudfront.net", "https", "region",
            List.of("all"), null, List.of("br", "gzip"), 30, null, null, null, "https://hooks.example/x", null).retrying("orig-1");

    /** Every (url, pop, variant) the chunks hold, failing if one is there twice. */
    private static Set<String> tasksOf(List<PrewarmRequest> chunks) {
        Set<String> tasks = new HashSet<>();
        for (PrewarmRequest c : chunks) {
            for (String url : c.urlList()) {
                for (String pop : c.pops()) {
                    for (String v : c.encodings()) {
                        assertTrue(tasks.add(url + " " + pop + " " + v), "warmed twice: " + url + " " + pop + " " + v);
                    }
                }
            }
        }
        return tasks;
    }

    @Test
    void urlsThatFailedAtTheSamePoPsAndVariantsShareAChunkWithThoseTargets() {
        RetryPlan plan = new RetryPlan(JOB);
        for (String url : List.of("u1", "u2")) {
            plan.failed(url, ATL, "br");
            plan.failed(url, ATL, "gzip");
            plan.failed(url, FRA, "br");
            plan.failed(url, FRA, "gzip");
        }
        plan.failed("u1", ATL, "br");

        List<PrewarmRequest> chunks = plan.chunks(SETTINGS);
        assertEquals(1, chunks.size());
        PrewarmRequest c = chunks.get(0);
        assertEquals(List.of("u1", "u2"), c.urlList());
        assertEquals(List.of(ATL, FRA), c.pops());
        assertEquals(List.of("br", "gzip"), c.encodings());
        assertEquals("orig-1", c.retryOf());
        assertEquals("https://hooks.example/x", c.callbackUrl());
        assertEquals(0, c.chunkIndexOrZero());
        assertEquals(1, c.chunkCountOrOne());
        assertEquals(2, plan.urls());
        assertEquals(8, plan.tasks(), "a task given twice counts once");
    }

    @Test
    void aUrlWhoseFailuresAreNoProductIsSplitPerVariantWithDisjointTasks() {
        RetryPlan plan = new RetryPlan(JOB);
        plan.failed("u1", ATL, "br");
        plan.failed("u1", DFW, "br");
        plan.failed("u1", DFW, "gzip");
        plan.failed("u2", DFW, "gzip");

        List<PrewarmRequest> chunks = plan.chunks(SETTINGS);
        assertEquals(Set.of("u1 ATL56-C1 br", "u1 DFW55-C3 br", "u1 DFW55-C3 gzip", "u2 DFW55-C3 gzip"), tasksOf(chunks));
        assertEquals(2, chunks.size(), "u1's gzip task goes with u2's: same targets");
        assertEquals(List.of(0, 1), chunks.stream().map(PrewarmRequest::chunkIndexOrZero).toList());
        assertTrue(chunks.stream().allMatch(c -> c.chunkCountOrOne() == 2));
    }

    @Test
    void manyFailedUrlsAreCutIntoChunksOfBoundedSizeNumberedAcrossTheRequest() {
        RetryPlan plan = new RetryPlan(JOB);
        int urls = RequestChunker.MAX_URLS_PER_CHUNK + 10;
        for (int i = 0; i < urls; i++) {
            plan.failed("https://a.example/" + i, ATL, "br");
        }
        plan.failed("https://b.example/x", DFW, "gzip");

        List<PrewarmRequest> chunks = plan.chunks(SETTINGS);
        assertEquals(3, chunks.size());
        assertEquals(List.of(0, 1, 2), chunks.stream().map(PrewarmRequest::chunkIndexOrZero).toList());
        assertTrue(chunks.stream().allMatch(c -> c.chunkCountOrOne() == 3 && c.urlList().size() <= RequestChunker.MAX_URLS_PER_CHUNK));
        assertEquals(urls + 1, tasksOf(chunks).size());
    }

    @Test
    void pairsOutsideTheJobsTargetsAreIgnored() {
        RetryPlan plan = new RetryPlan(JOB);
        plan.failed("u1", "SFO5-P1", "br");

        assertEquals(0, plan.tasks());
        assertEquals(List.of(), plan.chunks(SETTINGS));
    }
}
