package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestChunkerTest {

    private static PrewarmRequest request(int urls, int urlLength, int pops) {
        List<String> list = IntStream.range(0, urls).mapToObj(i -> pad("https://a.example/" + i + "/", urlLength)).toList();
        List<String> popIds = IntStream.range(0, pops).mapToObj(i -> "ATL" + (i + 1) + "-C1").toList();
        return new PrewarmRequest(list, null, "https", "pop", popIds, null, List.of("br"), null, null, null, popIds);
    }

    private static String pad(String prefix, int length) {
        return prefix + "x".repeat(Math.max(0, length - prefix.length()));
    }

    private static List<String> urlsOf(List<PrewarmRequest> chunks) {
        List<String> all = new ArrayList<>();
        chunks.forEach(c -> all.addAll(c.urlList()));
        return all;
    }

    @Test
    void aSmallRequestIsSentAsItIsWithoutChunkFields() {
        PrewarmRequest r = request(10, 30, 3);
        List<PrewarmRequest> chunks = RequestChunker.split(r);
        assertEquals(List.of(r), chunks);
        assertNull(chunks.get(0).chunkCount());
    }

    @Test
    void chunksHoldAtMostTheTaskBoundAndKeepEveryUrlInOrder() {
        PrewarmRequest r = request(3_000, 30, 100); // 300,000 tasks: at most 1,000 URLs of 100 tasks per chunk
        List<PrewarmRequest> chunks = RequestChunker.split(r);
        assertEquals(3, chunks.size());
        assertEquals(r.urlList(), urlsOf(chunks));
        for (int i = 0; i < chunks.size(); i++) {
            PrewarmRequest c = chunks.get(i);
            assertTrue(c.urlList().size() * c.targets().tasksPerUrl() <= RequestChunker.MAX_TASKS_PER_CHUNK);
            assertEquals(i, c.chunkIndex());
            assertEquals(3, c.chunkCount());
            assertEquals(r.pops(), c.pops(), "every chunk carries the resolved PoPs");
        }
    }

    @Test
    void chunksStayUnderTheByteBoundWhateverTheUrlLengths() {
        PrewarmRequest r = request(2_000, 4_000, 1); // 8 MB of URLs
        List<PrewarmRequest> chunks = RequestChunker.split(r);
        assertEquals(r.urlList(), urlsOf(chunks));
        for (PrewarmRequest c : chunks) {
            int bytes = c.urlList().stream().mapToInt(u -> u.getBytes(StandardCharsets.UTF_8).length).sum();
            assertTrue(bytes <= RequestChunker.MAX_URL_BYTES_PER_CHUNK, bytes + " bytes");
        }
        assertTrue(chunks.size() >= 16, chunks.size() + " chunks");
    }

    @Test
    void oneUrlWithMoreTasksThanTheBoundIsStillOneChunk() {
        List<PrewarmRequest> chunks = RequestChunker.split(request(2, 30, 60_000));
        assertEquals(2, chunks.size());
        assertEquals(1, chunks.get(0).urlList().size());
    }
}
