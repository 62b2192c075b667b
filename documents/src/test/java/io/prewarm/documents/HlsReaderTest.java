package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HlsReaderTest {
    private static final String MASTER = "https://video.example.com/vod/asset/master.m3u8";
    private static final String MEDIA = "https://video.example.com/vod/asset/v5/prog_index.m3u8";
    private final Collected sink = new Collected();

    @Test
    void aMasterPlaylistNamesItsVariantsRenditionsAndIframePlaylistsAsPlaylists() {
        ReadSummary summary = sink.read(DocumentType.HLS, Collected.sample("apple-master.m3u8"), MASTER);

        assertEquals(List.of(
                "https://video.example.com/vod/asset/audio/aac/en/prog_index.m3u8",
                "https://video.example.com/vod/asset/audio/aac/de/prog_index.m3u8",
                "https://video.example.com/vod/asset/subtitles/en/prog_index.m3u8",
                "https://video.example.com/vod/asset/v5/prog_index.m3u8",
                "https://video.example.com/vod/asset/v9/prog_index.m3u8",
                "https://video.example.com/vod/asset/v5/iframe_index.m3u8",
                "https://video.example.com/absolute/v9/iframe_index.m3u8"), sink.nested);
        assertEquals(Collections.nCopies(7, DocumentType.HLS), sink.nestedTypes);
        assertTrue(sink.objects.isEmpty(), "the skd:// session key is not fetched: " + sink.objects);
        assertEquals(9, summary.found());
        assertEquals(1, summary.skippedOtherHosts(), "the variant on cdn.example.net");
        assertEquals(1, summary.skippedInvalid(), "the skd:// key");
    }

    @Test
    void anAllowedHostKeepsItsVariant() {
        sink.read(DocumentType.HLS, Collected.sample("apple-master.m3u8").getBytes(StandardCharsets.UTF_8), MASTER,
                ReadLimits.defaults().withAllowedHosts(Set.of("cdn.example.net")));

        assertTrue(sink.nested.contains("https://cdn.example.net/other/v2/prog_index.m3u8"), sink.nested.toString());
    }

    @Test
    void aMediaPlaylistNamesItsKeyInitSectionAndSegmentsOnceEach() {
        ReadSummary summary = sink.read(DocumentType.HLS, Collected.sample("apple-media.m3u8"), MEDIA);

        assertEquals(List.of(
                "https://video.example.com/vod/asset/keys/key-1.bin",
                "https://video.example.com/vod/asset/v5/main.mp4",
                "https://video.example.com/vod/asset/v5/fileSequence2.mp4",
                "https://video.example.com/vod/asset/v5/fileSequence3.mp4"), sink.objects);
        assertTrue(sink.nested.isEmpty());
        assertEquals(2, summary.duplicates(), "main.mp4 as the init section's and two segments' byte ranges");
        assertFalse(summary.truncated());
    }

    @Test
    void lowLatencyPartsAndPreloadHintsAreObjects() {
        sink.read(DocumentType.HLS, Collected.sample("ll-hls-media.m3u8"), MEDIA);

        assertEquals(List.of("init.mp4", "fileSequence266.mp4", "filePart267.0.mp4", "filePart267.1.mp4",
                "fileSequence267.mp4", "filePart268.0.mp4", "filePart268.1.mp4"),
                sink.objects.stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toList());
    }

    @Test
    void theSegmentLimitKeepsTheFirstSegmentsAndSaysItCut() {
        ReadSummary summary = sink.read(DocumentType.HLS, playlist(10, 6.0).getBytes(StandardCharsets.UTF_8), MEDIA,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSegments(3)));

        assertEquals(List.of("init.mp4", "s0.ts", "s1.ts", "s2.ts"), names());
        assertEquals(new ReadSummary.Truncation(ReadSummary.Limit.SEGMENT_LIMIT, "segments: first 3 per rendition"),
                summary.truncation().orElseThrow());
    }

    @Test
    void theSecondsLimitKeepsTheSegmentsThatStartWithinIt() {
        ReadSummary summary = sink.read(DocumentType.HLS, playlist(10, 6.0).getBytes(StandardCharsets.UTF_8), MEDIA,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSeconds(13)));

        assertEquals(List.of("init.mp4", "s0.ts", "s1.ts", "s2.ts"), names(), "starting at 0, 6 and 12 s");
        assertTrue(summary.truncated());
    }

    @Test
    void aLimitThatTheWholePlaylistFitsInIsNotATruncation() {
        ReadSummary summary = sink.read(DocumentType.HLS, playlist(3, 6.0).getBytes(StandardCharsets.UTF_8), MEDIA,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSegments(3)));

        assertEquals(4, summary.kept());
        assertFalse(summary.truncated());
    }

    @Test
    void dataAndOtherSchemesAreSkippedNotFetched() {
        String m3u8 = "#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"data:text/plain;base64,AAAA\",KEYFORMAT=\"identity\"\n"
                + "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"skd://k\"\n#EXTINF:2,\nhttp://video.example.com/abs.ts\n";

        ReadSummary summary = sink.read(DocumentType.HLS, m3u8, MEDIA);

        assertEquals(List.of("http://video.example.com/abs.ts"), sink.objects);
        assertEquals(2, summary.skippedInvalid());
    }

    @Test
    void aFileThatIsNotAPlaylistFails() {
        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.HLS, "\n<html></html>\n", MEDIA));

        assertEquals("not an HLS playlist: line 2 is not #EXTM3U", e.getMessage());
    }

    @Test
    void aBadSegmentDurationFailsNamingTheLine() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.HLS, "#EXTM3U\n#EXTINF:6,\na.ts\n#EXTINF:six,\nb.ts\n", MEDIA));

        assertEquals("HLS line 4: #EXTINF duration 'six' is not a number of seconds", e.getMessage());
    }

    @Test
    void anUnterminatedAttributeFailsNamingTheLine() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.HLS, "#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\n", MEDIA));

        assertEquals("HLS line 2: unterminated quoted value of URI", e.getMessage());
    }

    @Test
    void aLineWithoutEndIsRefused() {
        String m3u8 = "#EXTM3U\n" + "x".repeat(LineReader.MAX_LINE + 1);

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.HLS, m3u8, MEDIA));

        assertEquals("HLS line 2 is longer than 65536 characters", e.getMessage());
    }

    private List<String> names() {
        return sink.objects.stream().map(u -> u.substring(u.lastIndexOf('/') + 1)).toList();
    }

    private static String playlist(int segments, double duration) {
        StringBuilder m3u8 = new StringBuilder("#EXTM3U\r\n#EXT-X-TARGETDURATION:6\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n");
        for (int i = 0; i < segments; i++) {
            m3u8.append("#EXTINF:").append(duration).append(",\r\ns").append(i).append(".ts\r\n");
        }
        return m3u8.append("#EXT-X-ENDLIST\r\n").toString();
    }
}
