package io.prewarm.expander;

import static io.prewarm.contract.Topics.JOBS;
import static io.prewarm.contract.Topics.REQUESTS;
import static io.prewarm.contract.Topics.REQUESTS_DLQ;
import static io.prewarm.contract.Topics.TASKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.Job;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.Task;
import io.prewarm.contract.TaskBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExpanderTopologyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
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
        driver = new TopologyTestDriver(ExpanderTopology.build(validator, Duration.ofMinutes(300), 1000, Duration.ofHours(72)), props);
        requests = driver.createInputTopic(REQUESTS.name(), REQUESTS.keySerde().serializer(), REQUESTS.valueSerde().serializer());
        jobs = driver.createOutputTopic(JOBS.name(), JOBS.keySerde().deserializer(), JOBS.valueSerde().deserializer());
        tasks = driver.createOutputTopic(TASKS.name(), TASKS.keySerde().deserializer(), TASKS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(REQUESTS_DLQ.name(), REQUESTS_DLQ.keySerde().deserializer(), REQUESTS_DLQ.valueSerde().deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static String body(String urls, String targetType, String region) {
        return "{\"url_list\": [" + urls + "], \"cf_domain\": \"d111111abcdef8.cloudfront.net\", \"target_type\": \""
                + targetType + "\", \"region\": " + region + "}";
    }

    @Test
    void everyDistinctUrlIsExpandedAtEveryPop() {
        requests.pipeInput("req-1", body("\"https://a.example/1\", \"https://a.example/2\", \"https://a.example/1\"", "region", "[\"au\"]"), T0);

        Job job = jobs.readValue();
        assertEquals(List.of("https://a.example/1", "https://a.example/2"), job.urls());
        assertEquals(List.of("SYD1-C1", "SYD62-P1"), job.pops());
        assertEquals(T0.toEpochMilli(), job.createdAt());
        assertEquals(T0.plus(Duration.ofMinutes(300)).toEpochMilli(), job.deadline());

        List<Task> out = readTasks();
        assertEquals(4, out.size());
        assertEquals(Set.of("https://a.example/1@SYD1-C1", "https://a.example/1@SYD62-P1", "https://a.example/2@SYD1-C1", "https://a.example/2@SYD62-P1"),
                out.stream().map(t -> t.url() + "@" + t.pop()).collect(Collectors.toSet()));
        Task first = out.get(0);
        assertEquals("d111111abcdef8", first.dist());
        assertEquals("SYD1-C1", first.pop());
        assertEquals("http", first.protocol());
        assertEquals("gzip, deflate, br", first.acceptEncoding());
        assertEquals(job.deadline(), first.deadline());
    }

    @Test
    void eachEncodingIsItsOwnTaskAndCarriesTheExtraHeaders() {
        requests.pipeInput("req-v", "{\"url_list\": [\"https://a.example/1\", \"https://a.example/2\"], \"target_type\": \"pop\", "
                + "\"region\": [\"ATL56-C1\"], \"encodings\": [\"br\", \"\"], \"headers\": {\"User-Agent\": \"ua\"}}", T0);

        Job job = jobs.readValue();
        assertEquals(List.of("br", ""), job.encodings());
        assertEquals(2, job.targets().tasksPerUrl());
        List<Task> out = readTasks();
        assertEquals(Set.of("https://a.example/1|br", "https://a.example/1|", "https://a.example/2|br", "https://a.example/2|"),
                out.stream().map(t -> t.url() + "|" + t.acceptEncoding()).collect(Collectors.toSet()));
        assertTrue(out.stream().allMatch(t -> t.dist() == null && t.headers().equals(java.util.Map.of("User-Agent", "ua"))));
    }

    @Test
    void aChunkKeepsItsPlaceAndTimeoutMinutesSetsTheDeadline() {
        requests.pipeInput("req-c", "{\"url_list\": [\"https://a.example/9\"], \"target_type\": \"pop\", \"region\": [\"ATL56-C1\"], "
                + "\"timeout_minutes\": 5, \"chunk_index\": 2, \"chunk_count\": 3}", T0);

        Job job = jobs.readValue();
        assertEquals(2, job.chunkIndex());
        assertEquals(3, job.chunkCount());
        assertEquals(T0.plus(Duration.ofMinutes(5)).toEpochMilli(), job.deadline());
        assertEquals(job.deadline(), tasks.readValue().deadline());
        assertTrue(tasks.isEmpty());
    }

    @Test
    void ingestsResolvedPopsAreUsedEvenWhenThisCatalogLacksTheRegion() {
        // what ingest publishes: the target as given, and the PoPs it resolved it to (here from an operator catalog with a "lab" region)
        requests.pipeInput("req-p", "{\"url_list\": [\"https://a.example/1\"], \"target_type\": \"region\", \"region\": [\"lab\"], "
                + "\"pops\": [\"LAB1-C1\", \"LAB2-C1\"]}", T0);

        assertEquals(List.of("LAB1-C1", "LAB2-C1"), jobs.readValue().pops());
        assertEquals(List.of("LAB1-C1", "LAB2-C1"), readTasks().stream().map(Task::pop).toList());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void aPopReachedThroughTwoRegionsIsWarmedOnce() {
        requests.pipeInput("req-2", body("\"https://a.example/x\"", "region", "[\"apac\", \"jp\"]"), T0);

        assertEquals(8, jobs.readValue().pops().size());
        assertEquals(8, readTasks().size());
    }

    @Test
    void tasksOfOneJobAreSpreadOverDistinctKeys() {
        requests.pipeInput("req-3", body("\"https://a.example/x\", \"https://a.example/y\"", "region", "\"all\""), T0);

        List<String> keys = tasks.readKeyValuesToList().stream().map(kv -> kv.key).toList();
        assertEquals(2, keys.size(), "one batch per URL: 34 PoPs is about one batch's worth");
        assertEquals(2, Set.copyOf(keys).size());
    }

    @Test
    void aOnePopJobGoesOutInBatchesOfAboutTargetTasksCoveringEveryUrlOnce() {
        String urls = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "\"https://a.example/" + i + "\"").collect(Collectors.joining(","));
        requests.pipeInput("req-b", body(urls, "pop", "[\"ATL56-C1\"]"), T0);

        List<TaskBatch> batches = tasks.readValuesToList();
        assertEquals(List.of(64, 64, 22), batches.stream().map(TaskBatch::size).toList());
        assertEquals(150, batches.stream().flatMap(b -> b.tasks().stream()).map(Task::url).distinct().count());
    }

    private List<Task> readTasks() {
        return tasks.readValuesToList().stream().flatMap(b -> b.tasks().stream()).toList();
    }

    @Test
    void anInvalidRequestIsDeadLetteredAndFailsItsJobWhileTheNextIsExpanded() {
        requests.pipeInput("bad-1", body("\"https://a.example/x\"", "region", "[\"mars\"]"), T0);
        requests.pipeInput("bad-2", "{not json", T0);
        requests.pipeInput("good", body("\"https://a.example/x\"", "pop", "[\"ATL56-C1\"]"), T0);

        List<Job> out = jobs.readValuesToList();
        assertEquals(3, out.size());
        assertTrue(out.get(0).isRejected());
        assertTrue(out.get(0).error().contains("region"), out.get(0).error());
        assertTrue(out.get(0).error().contains("mars"), out.get(0).error());
        assertTrue(out.get(1).error().startsWith("body"), out.get(1).error());
        assertEquals(List.of("ATL56-C1"), out.get(2).pops());
        assertEquals(1, readTasks().size());

        TestRecord<String, String> dead = dlq.readRecord();
        assertEquals("bad-1", dead.key());
        Header reason = dead.headers().lastHeader(ExpanderTopology.ERROR_HEADER);
        assertNotNull(reason);
        assertTrue(new String(reason.value(), StandardCharsets.UTF_8).contains("mars"));
        assertEquals("prewarm.requests-0@0", new String(dead.headers().lastHeader(ExpanderTopology.SOURCE_HEADER).value(), StandardCharsets.UTF_8));
        assertEquals("bad-2", dlq.readRecord().key());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void aRecordWithoutRequestIdIsDeadLetteredWithoutAJob() {
        requests.pipeInput((String) null, body("\"https://a.example/x\"", "pop", "[\"ATL56-C1\"]"), T0);

        assertTrue(jobs.isEmpty());
        assertTrue(tasks.isEmpty());
        TestRecord<String, String> dead = dlq.readRecord();
        assertTrue(new String(dead.headers().lastHeader(ExpanderTopology.ERROR_HEADER).value(), StandardCharsets.UTF_8).startsWith("record key"));
    }
}
