package io.prewarm.expander;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.TASKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.Job;
import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.TaskBatch;
import io.prewarm.contract.TaskId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Document tasks and the gate for document parts (issue 16), as a warmer reading documents would drive them. */
class ExpansionTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(300);
    private static final Duration RETENTION = Duration.ofHours(2);
    private static final String SITEMAP = "https://a.example/sitemap.xml";
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> requests;
    private TestOutputTopic<String, Job> jobs;
    private TestOutputTopic<String, TaskBatch> tasks;
    private TestOutputTopic<String, String> dlq;

    @TempDir
    Path stateDir;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // the part gate's stores are persistent
        RequestValidator validator = new RequestValidator(PopCatalog.load(Optional.empty()), 1000);
        driver = new TopologyTestDriver(ExpanderTopology.build(validator, TIMEOUT, 1000, RETENTION), props, T0);
        requests = driver.createInputTopic(REQUESTS.name(), REQUESTS.keySerde().serializer(), REQUESTS.valueSerde().serializer());
        jobs = driver.createOutputTopic(JOBS.name(), JOBS.keySerde().deserializer(), JOBS.valueSerde().deserializer());
        tasks = driver.createOutputTopic(TASKS.name(), TASKS.keySerde().deserializer(), TASKS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(REQUESTS_DLQ.name(), REQUESTS_DLQ.keySerde().deserializer(), REQUESTS_DLQ.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void eachDocumentIsWarmedAndReadOnceAtTheJobsFirstPop() {
        requests.pipeInput("job-d", "{\"url_list\": [\"" + SITEMAP + "\", \"https://a.example/s2.xml\"], \"target_type\": \"region\", "
                + "\"region\": [\"au\"], \"encodings\": [\"br\"], \"headers\": {\"User-Agent\": \"ua\"}, \"verify\": false, "
                + "\"max_rate\": 50, \"expand\": \"sitemap\", \"expand_limit\": 500}", T0);

        Job job = jobs.readValue();
        assertEquals(Map.of(SITEMAP, "sitemap", "https://a.example/s2.xml", "sitemap"), job.documents());
        List<KeyValue<String, TaskBatch>> out = tasks.readKeyValuesToList();
        List<TaskBatch> warm = out.stream().map(kv -> kv.value).filter(b -> !b.isDocumentTask()).toList();
        assertEquals(4, warm.stream().mapToInt(TaskBatch::size).sum(), "both documents warmed at both PoPs");
        List<KeyValue<String, TaskBatch>> reads = out.stream().filter(kv -> kv.value.isDocumentTask()).toList();
        assertEquals(List.of(SITEMAP, "https://a.example/s2.xml"), reads.stream().map(kv -> kv.value.urls().get(0)).toList());
        KeyValue<String, TaskBatch> first = reads.get(0);
        assertEquals(TaskId.batchKey("job-d", SITEMAP), first.key);
        TaskBatch read = first.value;
        assertEquals(List.of("SYD1-C1"), read.pops());
        assertEquals(List.of(""), read.encodings());
        assertEquals(job.deadline(), read.deadline());
        assertEquals(Map.of("User-Agent", "ua"), read.headers());
        assertEquals(Boolean.FALSE, read.verify());
        assertEquals(50, read.maxRate());
        assertEquals("sitemap", read.read().kind());
        PrewarmRequest settings = read.read().request();
        assertEquals(List.of(), settings.urlList());
        assertEquals(List.of("SYD1-C1", "SYD62-P1"), settings.pops());
        assertEquals(500, settings.expandLimit());
        assertNull(settings.part());
    }

    @Test
    void aPlainRequestHasNoDocumentTasksAndLeavesNoGateState() {
        requests.pipeInput("job-p", "{\"url_list\": [\"https://a.example/1\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"]}", T0);

        assertTrue(jobs.readValue().documents().isEmpty());
        assertFalse(tasks.readValuesToList().stream().anyMatch(TaskBatch::isDocumentTask));
        assertEquals(0, entries(PartGate.GROWTH_STORE) + entries(PartGate.SEEN_STORE));
    }

    @Test
    void aPartDeliveredTwiceIsAdmittedOnce() {
        TaskBatch read = submit("job-2", 1000);
        String part = part(read, 0, urls("p", 3), Map.of());

        requests.pipeInput("job-2", part, T0.plusSeconds(5));
        requests.pipeInput("job-2", part, T0.plusSeconds(9));

        Job admitted = jobs.readValue();
        assertEquals(SITEMAP + "#0", admitted.part());
        assertEquals(urls("p", 3), admitted.urls());
        assertEquals(read.deadline(), admitted.deadline(), "a part keeps the job's deadline");
        assertNull(admitted.truncated());
        assertTrue(jobs.isEmpty());
        List<TaskBatch> out = tasks.readValuesToList();
        assertEquals(3, out.stream().mapToInt(TaskBatch::size).sum());
        assertTrue(out.stream().allMatch(b -> b.deadline() == read.deadline() && !b.isDocumentTask()));
    }

    @Test
    void expandLimitCutsExactlyAndLaterPartsComeThroughEmptyWithTheReason() {
        TaskBatch read = submit("job-l", 5); // the sitemap itself is one of the 5

        requests.pipeInput("job-l", part(read, 0, urls("a", 2), Map.of()), T0);
        requests.pipeInput("job-l", part(read, 1, urls("b", 3), Map.of()), T0);
        requests.pipeInput("job-l", part(read, 2, urls("c", 2), Map.of()), T0);

        List<Job> parts = jobs.readValuesToList();
        assertEquals(List.of(2, 2, 0), parts.stream().map(j -> j.urls().size()).toList());
        assertEquals(urls("b", 2), parts.get(1).urls());
        assertNull(parts.get(0).truncated());
        assertEquals("expansion: truncated at 5 URLs", parts.get(1).truncated());
        assertEquals("expansion: truncated at 5 URLs", parts.get(2).truncated());
        assertEquals(SITEMAP + "#2", parts.get(2).part());
        assertEquals(4, tasks.readValuesToList().stream().mapToInt(TaskBatch::size).sum());
    }

    @Test
    void nestedDocumentsOfAPartAreReadInTurnButNotTheOnesCutAway() {
        TaskBatch read = submit("job-n", 3);
        List<String> urls = List.of("https://a.example/v/master.m3u8", "https://a.example/v/low.m3u8", "https://a.example/v/high.m3u8");
        Map<String, String> nested = Map.of(urls.get(0), "hls", urls.get(2), "hls");

        requests.pipeInput("job-n", part(read, 0, urls, nested), T0);

        Job part = jobs.readValue();
        assertEquals(urls.subList(0, 2), part.urls());
        assertEquals(Map.of(urls.get(0), "hls"), part.documents());
        List<TaskBatch> reads = tasks.readValuesToList().stream().filter(TaskBatch::isDocumentTask).toList();
        assertEquals(1, reads.size());
        assertEquals(List.of(urls.get(0)), reads.get(0).urls());
        assertEquals("hls", reads.get(0).read().kind());
        assertNull(reads.get(0).read().request().part(), "a nested document writes parts of its own");
        assertEquals(read.deadline(), reads.get(0).deadline());
    }

    @Test
    void aDocumentNamedAgainInTheJobIsNotReadAgain() {
        TaskBatch read = submit("job-r", 1000);
        String nested = "https://a.example/s/news.xml";
        requests.pipeInput("job-r", part(read, 0, List.of(nested), Map.of(nested, "sitemap")), T0);
        requests.pipeInput("job-r", part(read, 1, List.of(nested, "https://a.example/x"), Map.of(nested, "sitemap")), T0);
        List<TaskBatch> reads = tasks.readValuesToList().stream().filter(TaskBatch::isDocumentTask).toList();
        assertEquals(List.of(nested), reads.stream().map(b -> b.urls().get(0)).toList());

        // the nested sitemap names the first one again: a cycle, ended at once
        requests.pipeInput("job-r", part(reads.get(0), 0, List.of(SITEMAP), Map.of(SITEMAP, "sitemap")), T0);

        List<Job> parts = jobs.readValuesToList();
        assertEquals(List.of(SITEMAP + "#0", SITEMAP + "#1", nested + "#0"), parts.stream().map(Job::part).toList());
        assertEquals(List.of("https://a.example/x"), parts.get(1).urls(), "the nested sitemap is the job's already");
        assertEquals(List.of(), parts.get(2).urls(), "the part still comes through, for the status store to see it arrived");
        assertEquals(Map.of(), parts.get(2).documents());
        assertFalse(tasks.readValuesToList().stream().anyMatch(TaskBatch::isDocumentTask));
    }

    @Test
    void aUrlNamedByTwoPartsOrByTheRequestJoinsTheJobOnceAndTheLimitCountsItOnce() {
        TaskBatch read = submit("job-u", 4); // the sitemap and three distinct URLs
        String key = "https://a.example/v/key.bin";

        requests.pipeInput("job-u", part(read, 0, List.of(key, "https://a.example/v/a.ts", key), Map.of()), T0);
        requests.pipeInput("job-u", part(read, 1, List.of(key, SITEMAP, "https://a.example/v/b.ts"), Map.of()), T0);
        requests.pipeInput("job-u", part(read, 2, List.of("https://a.example/v/c.ts"), Map.of()), T0);

        List<Job> parts = jobs.readValuesToList();
        assertEquals(List.of(List.of(key, "https://a.example/v/a.ts"), List.of("https://a.example/v/b.ts"), List.of()),
                parts.stream().map(Job::urls).toList());
        assertNull(parts.get(1).truncated(), "a URL held already takes no room: " + parts.get(1));
        assertEquals("expansion: truncated at 4 URLs", parts.get(2).truncated());
        List<String> warmed = tasks.readValuesToList().stream().filter(b -> !b.isDocumentTask()).flatMap(b -> b.urls().stream()).toList();
        assertEquals(List.of(key, "https://a.example/v/a.ts", "https://a.example/v/b.ts"), warmed, "each URL warmed once (the sitemap was before)");
    }

    @Test
    void aDirectProducersChunksCountOnceEachTowardsTheLimit() {
        String chunk = "{\"url_list\": [%s], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], \"expand\": \"hls\", "
                + "\"expand_limit\": 5, \"chunk_index\": %d, \"chunk_count\": 2}";
        requests.pipeInput("job-c", chunk.formatted("\"https://a.example/1.m3u8\", \"https://a.example/2.m3u8\"", 0), T0);
        requests.pipeInput("job-c", chunk.formatted("\"https://a.example/1.m3u8\", \"https://a.example/2.m3u8\"", 0), T0);
        requests.pipeInput("job-c", chunk.formatted("\"https://a.example/3.m3u8\"", 1), T0);
        assertEquals(3, jobs.readValuesToList().size(), "a chunk sent again still goes to the status store, which counts it once");
        List<TaskBatch> reads = tasks.readValuesToList().stream().filter(TaskBatch::isDocumentTask).toList();
        assertEquals(List.of("https://a.example/1.m3u8", "https://a.example/2.m3u8", "https://a.example/3.m3u8"),
                reads.stream().map(b -> b.urls().get(0)).toList(), "each document read once");

        requests.pipeInput("job-c", part(reads.get(0), 0, urls("s", 4), Map.of()), T0);

        assertEquals(urls("s", 2), jobs.readValue().urls());
    }

    @Test
    void aPartOfAJobTheGateNeverSawIsAdmitted() {
        PrewarmRequest settings = new PrewarmRequest(List.of(), null, "https", "pop", List.of("ATL56-C1"), null, null, null, null, null,
                List.of("ATL56-C1"), null, null, null, null, "hls", null, null, null, null);
        long deadline = T0.plus(Duration.ofMinutes(30)).toEpochMilli();
        List<String> urls = List.of("https://a.example/v/seg1.ts", "https://a.example/v/low.m3u8");

        requests.pipeInput("job-old", json(settings.asPart(urls, new Expansion.Part("https://a.example/v/master.m3u8", 0, deadline,
                Map.of(urls.get(1), "hls")))), T0);

        Job part = jobs.readValue();
        assertEquals("https://a.example/v/master.m3u8#0", part.part());
        assertEquals(deadline, part.deadline());
        assertEquals(urls, part.urls());
        List<TaskBatch> out = tasks.readValuesToList();
        assertEquals(2, out.stream().filter(b -> !b.isDocumentTask()).mapToInt(TaskBatch::size).sum());
        assertEquals(List.of(urls.get(1)), out.stream().filter(TaskBatch::isDocumentTask).map(b -> b.urls().get(0)).toList());
    }

    @Test
    void theGateForgetsAJobOnceItsDeadlinePlusRetentionPassed() {
        TaskBatch read = submit("job-s", 1000);
        String part = part(read, 0, urls("p", 2), Map.of());
        requests.pipeInput("job-s", part, T0);
        jobs.readValuesToList();
        assertEquals(1, entries(PartGate.GROWTH_STORE));
        assertEquals(6, entries(PartGate.SEEN_STORE), "the request's chunk, its URL and document, the part and its two URLs");

        driver.advanceWallClockTime(TIMEOUT.plus(RETENTION).minusMinutes(1));
        assertEquals(1, entries(PartGate.GROWTH_STORE), "kept within the retention");

        driver.advanceWallClockTime(Duration.ofMinutes(2));
        assertEquals(0, entries(PartGate.GROWTH_STORE) + entries(PartGate.SEEN_STORE));
    }

    @Test
    void aBadPartIsDeadLetteredAndTheNextPartStillComesThrough() {
        TaskBatch read = submit("job-b", 1000);
        // a part's documents must be among its URLs
        requests.pipeInput("job-b", part(read, 0, urls("p", 1), Map.of("https://a.example/elsewhere.xml", "sitemap")), T0);
        requests.pipeInput("job-b", part(read, 1, urls("q", 1), Map.of()), T0);

        assertTrue(dlq.readValue().contains("elsewhere.xml"));
        List<Job> out = jobs.readValuesToList();
        assertTrue(out.get(0).error().startsWith("part.documents"), out.get(0).error());
        assertEquals(SITEMAP + "#1", out.get(1).part());
    }

    /** Submits a one-sitemap job and returns its document task (the chunk and warm batch read and dropped). */
    private TaskBatch submit(String id, int expandLimit) {
        requests.pipeInput(id, "{\"url_list\": [\"" + SITEMAP + "\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], "
                + "\"expand\": \"sitemap\", \"expand_limit\": " + expandLimit + "}", T0);
        jobs.readValuesToList();
        return tasks.readValuesToList().stream().filter(TaskBatch::isDocumentTask).findFirst().orElseThrow();
    }

    /** A part record as a warmer reading {@code read}'s document writes it. */
    private static String part(TaskBatch read, int index, List<String> urls, Map<String, String> documents) {
        return json(read.read().request().asPart(urls, new Expansion.Part(read.urls().get(0), index, read.deadline(), documents)));
    }

    private static String json(PrewarmRequest r) {
        try {
            return Json.MAPPER.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> urls(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> "https://a.example/" + prefix + i).toList();
    }

    private int entries(String store) {
        KeyValueStore<String, Object> s = driver.getKeyValueStore(store);
        int n = 0;
        try (KeyValueIterator<String, Object> it = s.all()) {
            for (; it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
