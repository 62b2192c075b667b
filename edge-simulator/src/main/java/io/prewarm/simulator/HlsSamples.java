package io.prewarm.simulator;

/**
 * The HLS samples: a master playlist naming two video renditions and an English audio rendition,
 * and the one media playlist all three answer with (relative URIs, so it fits each): an AES-128
 * key one directory up, an fMP4 init section and five segments, 28 seconds in all.
 */
final class HlsSamples {
    static final String MASTER = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio-en/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=800000,AVERAGE-BANDWIDTH=750000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aud"
            360p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=2500000,AVERAGE-BANDWIDTH=2300000,RESOLUTION=1280x720,CODECS="avc1.4d401f,mp4a.40.2",AUDIO="aud"
            720p/index.m3u8
            """;
    static final String MEDIA = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:6
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-KEY:METHOD=AES-128,URI="../keys/key-1.bin",IV=0x0000000000000000000000000000A001
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:6.000,
            segment-0.m4s
            #EXTINF:6.000,
            segment-1.m4s
            #EXTINF:6.000,
            segment-2.m4s
            #EXTINF:6.000,
            segment-3.m4s
            #EXTINF:4.000,
            segment-4.m4s
            #EXT-X-ENDLIST
            """;

    private HlsSamples() {
    }
}
