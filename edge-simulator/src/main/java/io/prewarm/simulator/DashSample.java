package io.prewarm.simulator;

/**
 * The DASH sample, 30 seconds under the BaseURL {@code dash/} (so {@code /video/dash/...}): two
 * video Representations sharing a {@code $Number$} template with a 6-second {@code @duration}
 * (an init and five segments each), and an audio Representation with its own SegmentTimeline
 * addressed by {@code $Time$} (an init and five 6-second segments at a 48 kHz timescale).
 */
final class DashSample {
    static final String MPD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT30S" minBufferTime="PT2S"
                 profiles="urn:mpeg:dash:profile:isoff-live:2011">
              <BaseURL>dash/</BaseURL>
              <Period id="p0" start="PT0S">
                <AdaptationSet contentType="video" mimeType="video/mp4" segmentAlignment="true">
                  <SegmentTemplate timescale="1000" duration="6000" startNumber="1"
                                   initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/segment-$Number%05d$.m4s"/>
                  <Representation id="video-360p" bandwidth="800000" codecs="avc1.4d401e" width="640" height="360"/>
                  <Representation id="video-720p" bandwidth="2500000" codecs="avc1.4d401f" width="1280" height="720"/>
                </AdaptationSet>
                <AdaptationSet contentType="audio" mimeType="audio/mp4" lang="en">
                  <Representation id="audio-en" bandwidth="128000" codecs="mp4a.40.2" audioSamplingRate="48000">
                    <SegmentTemplate timescale="48000" initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Time$.m4s">
                      <SegmentTimeline>
                        <S t="0" d="288000" r="4"/>
                      </SegmentTimeline>
                    </SegmentTemplate>
                  </Representation>
                </AdaptationSet>
              </Period>
            </MPD>
            """;

    private DashSample() {
    }
}
