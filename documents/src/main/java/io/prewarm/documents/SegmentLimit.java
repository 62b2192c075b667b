package io.prewarm.documents;

/**
 * How much of each video rendition to keep (a request's {@code segments}): all of it, its first
 * N segments, or the segments that start within its first N seconds. It applies per HLS media
 * playlist and per DASH Representation (in each Period); init segments and keys always count.
 */
public sealed interface SegmentLimit {

    /** Every segment: the default. A live DASH presentation cannot be read with it. */
    record All() implements SegmentLimit {
    }

    record FirstSegments(long segments) implements SegmentLimit {
        public FirstSegments {
            if (segments < 1) {
                throw new IllegalArgumentException("segments must be >= 1, got " + segments);
            }
        }
    }

    record FirstSeconds(double seconds) implements SegmentLimit {
        public FirstSeconds {
            if (!(seconds > 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("seconds must be a positive number, got " + seconds);
            }
        }
    }

    static SegmentLimit all() {
        return new All();
    }

    static SegmentLimit firstSegments(long segments) {
        return new FirstSegments(segments);
    }

    static SegmentLimit firstSeconds(double seconds) {
        return new FirstSeconds(seconds);
    }

    /** Whether the segment at {@code index} (from 0) starting at {@code startSeconds} is kept. */
    default boolean keeps(long index, double startSeconds) {
        if (this instanceof FirstSegments first) {
            return index < first.segments();
        }
        if (this instanceof FirstSeconds first) {
            return startSeconds < first.seconds();
        }
        return true;
    }

    /** How a summary says it cut: "segments: first 10 per rendition". */
    default String describe() {
        if (this instanceof FirstSegments first) {
            return "segments: first " + first.segments() + " per rendition";
        }
        if (this instanceof FirstSeconds first) {
            return "segments: first " + first.seconds() + " s per rendition";
        }
        return "segments: all";
    }
}
