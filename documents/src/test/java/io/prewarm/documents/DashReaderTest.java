package io.prewarm.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DashReaderTest {
    private static final String MPD_URL = "https://media.example.com/vod/manifest.mpd";
    private static final String VOD = "https://media.example.com/vod/asset-7/";
    private final Collected sink = new Collected();

    @Test
    void aDurationTemplateIsCountedFromThePresentationsLength() {
        sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd"), MPD_URL);

        List<String> v300 = sink.objects.stream().filter(u -> u.startsWith(VOD + "V300/")).toList();
        assertEquals(VOD + "V300/init.mp4", v300.get(0));
        assertEquals(IntStream.rangeClosed(1, 11).mapToObj(n -> VOD + "V300/seg-%05d.m4s".formatted(n)).toList(),
                v300.subList(1, v300.size()), "60.5 s of 6 s segments");
    }

    @Test
    void aRepresentationsTemplateOverridesWhatItInherits() {
        sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd"), MPD_URL);

        List<String> v1200 = sink.objects.stream().filter(u -> u.startsWith(VOD + "V1200/")).toList();
        assertEquals(VOD + "V1200/init.mp4", v1200.get(0), "the inherited initialization");
        assertEquals(VOD + "V1200/1200000/n100.m4s", v1200.get(1));
        assertEquals(VOD + "V1200/1200000/n110.m4s", v1200.get(11));
        assertEquals(12, v1200.size());
    }

    @Test
    void aSegmentTimelineGivesTimesAndRepeatsToThePeriodsEnd() {
        sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd"), MPD_URL);

        List<String> audio = sink.objects.stream().filter(u -> u.startsWith(VOD + "audio/")).toList();
        assertEquals(VOD + "audio/A128/init.mp4", audio.get(0));
        assertEquals(List.of("t0", "t96000", "t192000", "t288000", "t480000", "t576000"),
                audio.subList(1, 7).stream().map(DashReaderTest::name).toList());
        // r=-1 from 480000 to the end at 60.5 s * 48000 = 2904000, in steps of 96000: 26 segments
        assertEquals(1 + 3 + 1 + 26, audio.size());
        assertEquals(VOD + "audio/A128/t2880000.m4s", audio.get(audio.size() - 1));
    }

    @Test
    void everyUrlIsOnTheMpdsHost() {
        ReadSummary summary = sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd"), MPD_URL);

        assertEquals(12 + 12 + 31, summary.kept());
        assertEquals(summary.found(), summary.kept());
    }

    @Test
    void theSegmentLimitAppliesPerRepresentation() {
        ReadSummary summary = sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd").getBytes(StandardCharsets.UTF_8), MPD_URL,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSegments(2)));

        assertEquals(3 * 3, sink.objects.size(), "an init and two segments for each of three representations");
        assertEquals(ReadSummary.Limit.SEGMENT_LIMIT, summary.truncation().orElseThrow().limit());
    }

    @Test
    void theSecondsLimitCountsTimelineTime() {
        sink.read(DocumentType.DASH, Collected.sample("dashif-live.mpd").getBytes(StandardCharsets.UTF_8), MPD_URL,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSeconds(12)));

        List<String> audio = sink.objects.stream().filter(u -> u.startsWith(VOD + "audio/")).map(DashReaderTest::name).toList();
        assertEquals(List.of("init", "t0", "t96000", "t192000", "t288000", "t480000"), audio, "starting at 0, 2, 4, 6 and 10 s");
        assertEquals(3, sink.objects.stream().filter(u -> u.contains("/V300/")).count(), "init, 0 s and 6 s");
    }

    @Test
    void baseUrlsResolveLevelByLevelAndAnotherHostIsCounted() {
        String mpd = """
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S">
                  <BaseURL>https://other-cdn.example.org/x/</BaseURL>
                  <BaseURL>https://second.example.org/ignored/</BaseURL>
                  <Period duration="PT4S">
                    <AdaptationSet>
                      <SegmentTemplate media="$RepresentationID$-$Number$.m4s" duration="2" startNumber="0"/>
                      <Representation id="r1" bandwidth="1"><BaseURL>https://media.example.com/abs/</BaseURL></Representation>
                      <Representation id="r2" bandwidth="1"/>
                    </AdaptationSet>
                  </Period>
                </MPD>
                """;

        ReadSummary summary = sink.read(DocumentType.DASH, mpd, MPD_URL);

        assertEquals(List.of("https://media.example.com/abs/r1-0.m4s", "https://media.example.com/abs/r1-1.m4s"), sink.objects);
        assertEquals(2, summary.skippedOtherHosts());
    }

    @Test
    void aSegmentListNamesItsInitAndSegmentUrls() {
        String mpd = """
                <MPD type="static" mediaPresentationDuration="PT30S">
                  <Period>
                    <AdaptationSet>
                      <Representation id="720p" bandwidth="3000000">
                        <BaseURL>720p/</BaseURL>
                        <SegmentList timescale="1000" duration="10000">
                          <Initialization sourceURL="init.mp4"/>
                          <SegmentURL media="seg1.m4s"/>
                          <SegmentURL media="seg2.m4s"/>
                          <SegmentURL media="seg3.m4s"/>
                        </SegmentList>
                      </Representation>
                    </AdaptationSet>
                  </Period>
                </MPD>
                """;

        sink.read(DocumentType.DASH, mpd, MPD_URL);

        assertEquals(List.of("init.mp4", "seg1.m4s", "seg2.m4s", "seg3.m4s").stream()
                .map(n -> "https://media.example.com/vod/720p/" + n).toList(), sink.objects);
    }

    @Test
    void anOnDemandRepresentationIsItsBaseUrl() {
        String mpd = """
                <MPD type="static" mediaPresentationDuration="PT1M" profiles="urn:mpeg:dash:profile:isoff-on-demand:2011">
                  <Period>
                    <AdaptationSet mimeType="video/mp4">
                      <Representation id="1" bandwidth="1000000">
                        <BaseURL>video_1000k.mp4</BaseURL>
                        <SegmentBase indexRange="800-1200"><Initialization range="0-799"/></SegmentBase>
                      </Representation>
                      <Representation id="2" bandwidth="2000000"><BaseURL>video_2000k.mp4</BaseURL></Representation>
                    </AdaptationSet>
                  </Period>
                </MPD>
                """;

        sink.read(DocumentType.DASH, mpd, MPD_URL);

        assertEquals(List.of("https://media.example.com/vod/video_1000k.mp4", "https://media.example.com/vod/video_2000k.mp4"), sink.objects);
    }

    @Test
    void aLiveMpdWithoutASegmentLimitFailsSayingWhy() {
        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.DASH, live(), MPD_URL));

        assertEquals("SegmentTemplate of Representation 'v' has no end to count segments to (the MPD is dynamic): give a segment limit",
                e.getMessage());
    }

    @Test
    void aLiveMpdIsEnumeratedAsFarAsTheSegmentLimitAllows() {
        ReadSummary summary = sink.read(DocumentType.DASH, live().getBytes(StandardCharsets.UTF_8), MPD_URL,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSegments(3)));

        assertEquals(List.of("init-v.mp4", "v-$-5.m4s", "v-$-6.m4s", "v-$-7.m4s"), sink.objects.stream().map(DashReaderTest::file).toList());
        assertTrue(summary.truncated());
    }

    @Test
    void anEndlessTemplateStopsWhenTheSinkTakesNoMore() {
        Collected limited = new Collected(100);

        ReadSummary summary = limited.read(DocumentType.DASH, live().getBytes(StandardCharsets.UTF_8), MPD_URL,
                ReadLimits.defaults().withSegments(SegmentLimit.firstSegments(Long.MAX_VALUE)));

        assertEquals(100, limited.objects.size());
        assertEquals(ReadSummary.Limit.EXPAND_LIMIT, summary.truncation().orElseThrow().limit());
    }

    @Test
    void aTimelineThatListsItsSegmentsIsReadEvenLive() {
        String mpd = """
                <MPD type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z">
                  <Period start="PT0S"><AdaptationSet>
                    <SegmentTemplate timescale="10" media="$Time$.m4s"><SegmentTimeline><S t="100" d="20" r="1"/><S d="10"/></SegmentTimeline></SegmentTemplate>
                    <Representation id="a" bandwidth="1"/>
                  </AdaptationSet></Period>
                </MPD>
                """;

        ReadSummary summary = sink.read(DocumentType.DASH, mpd, MPD_URL);

        assertEquals(List.of("100.m4s", "120.m4s", "140.m4s"), sink.objects.stream().map(DashReaderTest::file).toList());
        assertFalse(summary.truncated());
    }

    @Test
    void anUnknownTemplateIdentifierFails() {
        String mpd = "<MPD mediaPresentationDuration=\"PT4S\"><Period><AdaptationSet><Representation id=\"a\">"
                + "<SegmentTemplate duration=\"2\" media=\"$Segment$.m4s\"/></Representation></AdaptationSet></Period></MPD>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.DASH, mpd, MPD_URL));

        assertEquals("SegmentTemplate of Representation 'a' '$Segment$.m4s' has an unknown identifier $Segment$", e.getMessage());
    }

    @Test
    void aBadNumberFailsNamingTheLine() {
        String mpd = "<MPD>\n<Period duration=\"PT4S\"><AdaptationSet>\n<SegmentTemplate duration=\"two\"/>\n</AdaptationSet></Period></MPD>";

        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.DASH, mpd, MPD_URL));

        assertEquals("MPD line 3: SegmentTemplate@duration 'two' is not a whole number", e.getMessage());
    }

    @Test
    void aDocumentThatIsNotAnMpdFails() {
        DocumentException e = assertThrows(DocumentException.class, () -> sink.read(DocumentType.DASH, "<urlset/>", MPD_URL));

        assertEquals("not an MPD: the root element is not <MPD>", e.getMessage());
    }

    @Test
    void aTruncatedMpdIsMalformed() {
        DocumentException e = assertThrows(DocumentException.class,
                () -> sink.read(DocumentType.DASH, "<MPD>\n<Period>\n<AdaptationSet>", MPD_URL));

        assertTrue(e.getMessage().startsWith("malformed MPD at line 3"), e.getMessage());
    }

    private static String live() {
        return """
                <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="2026-01-01T00:00:00Z"
                     minimumUpdatePeriod="PT2S" timeShiftBufferDepth="PT60S">
                  <Period id="live" start="PT0S">
                    <AdaptationSet>
                      <SegmentTemplate timescale="1" duration="2" startNumber="5" initialization="init-$RepresentationID$.mp4"
                                       media="$RepresentationID$-$$-$Number$.m4s"/>
                      <Representation id="v" bandwidth="500000"/>
                    </AdaptationSet>
                  </Period>
                </MPD>
                """;
    }

    private static String name(String url) {
        String file = file(url);
        return file.substring(0, file.indexOf('.'));
    }

    private static String file(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
