package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CompactSerdeTest {
    private static final WarmResult OK = new WarmResult("r-1", "https://www.example.com/a.js", "ATL56-C1", "br", Outcome.SUCCESS, 200,
            "Miss from cloudfront", "ATL56-C1", 16384, 21, 1, null, 1_700_000_000_000L);
    private static final WarmResult BAD = new WarmResult("r-1", "https://www.example.com/b.js", "FRA56-C1", "br", Outcome.FAILURE, 503,
            null, null, 0, 12, 3, "HTTP 503", 1_700_000_000_001L);

    @Test
    void batchesRoundTripAsSmileAndAreSmallerThanTheirJson() throws Exception {
        ResultBatch batch = new ResultBatch("r-1", List.of(OK, BAD, OK));
        byte[] bytes = Topics.RESULTS.valueSerde().serializer().serialize("prewarm.results", batch);
        assertTrue(CompactSerde.isSmile(bytes));
        assertEquals(batch, Topics.RESULTS.valueSerde().deserializer().deserialize("prewarm.results", bytes));
        int json = Json.MAPPER.writeValueAsBytes(batch).length;
        assertTrue(bytes.length < json * 0.7, bytes.length + " Smile bytes vs " + json + " JSON bytes");
    }

    @Test
    void nullIsATombstoneBothWays() {
        assertNull(Topics.TASKS.valueSerde().serializer().serialize("t", null));
        assertNull(Topics.TASKS.valueSerde().deserializer().deserialize("t", null));
    }

    @Test
    void aSingleResultWrittenAsJsonByEarlierVersionsReadsAsABatchOfOne() throws Exception {
        byte[] old = Json.MAPPER.writeValueAsBytes(BAD);
        assertEquals(new ResultBatch("r-1", List.of(BAD)), Topics.RESULTS.valueSerde().deserializer().deserialize("prewarm.results", old));
    }

    @Test
    void aSingleTaskWrittenAsJsonByEarlierVersionsReadsAsABatchOfOne() throws Exception {
        Task task = new Task("r-1", "https://www.example.com/a.js", "ATL56-C1", "d111111abcdef8", "https", "br", Map.of("X-A", "1"), 99);
        TaskBatch batch = Topics.TASKS.valueSerde().deserializer().deserialize("prewarm.tasks", Json.MAPPER.writeValueAsBytes(task));
        assertEquals(List.of(task), batch.tasks());
    }

    @Test
    void jsonOfTheSameTypeStillReads() throws Exception {
        Job job = new Job("r-1", List.of("https://a.example/"), List.of("ATL56-C1"), List.of("br"), 1, 2, null, 0, 1);
        assertEquals(job, Topics.JOBS.valueSerde().deserializer().deserialize("prewarm.jobs", Json.MAPPER.writeValueAsBytes(job)));
    }

    @Test
    void unreadableBytesAreASerializationExceptionNamingTheTopic() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> Topics.RESULTS.valueSerde().deserializer().deserialize("prewarm.results", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("prewarm.results"), e.getMessage());
        assertThrows(SerializationException.class,
                () -> Topics.RESULTS.valueSerde().deserializer().deserialize("t", new byte[] {':', ')', '\n', 0x05, 0x7f}));
        assertThrows(SerializationException.class,
                () -> Topics.RESULTS.valueSerde().deserializer().deserialize("t", "{\"outcome\":\"MAYBE\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
