package io.prewarm.documents;

import java.net.URI;

/**
 * Enumerates one Representation's URLs straight into {@link Links}: a template's init section and
 * its segments (from the SegmentTimeline, or counted from {@code @duration} and the Period's
 * length), a SegmentList's URLs, or, for a SegmentBase or a bare BaseURL, the one file the
 * Representation is. A template whose segments cannot be counted (a live MPD, an open-ended
 * {@code r="-1"}, no Period length) is enumerated as far as the segment limit allows, and is a
 * {@link DocumentException} without one: there is no end to warm up to.
 */
final class DashSegments {
    private final Links links;
    private final SegmentLimit limit;
    private final URI document;

    DashSegments(Links links, SegmentLimit limit, URI document) {
        this.links = links;
        this.limit = limit;
        this.document = document;
    }

    /** Offers every URL of {@code representation}; false when the sink took no more. */
    boolean emit(DashLevel representation, boolean dynamic) {
        DashLevel source = representation.segmentSource();
        URI base = representation.base;
        if (source != null && source.template != null) {
            return new Enumeration(representation, representation.mergedTemplate(), dynamic).run();
        }
        if (source != null && source.list != null) {
            return list(base, source.list);
        }
        if (source != null && source.segmentBaseInitialization != null
                && !links.offer(base, source.segmentBaseInitialization, null)) {
            return false;
        }
        // the Representation is one file: its BaseURL, unless no BaseURL named a file
        String url = base.toString();
        return url.endsWith("/") || base.equals(document) || links.offer(null, url, null);
    }

    private boolean list(URI base, DashLevel.SegmentList list) {
        if (list.initialization != null && !links.offer(base, list.initialization, null)) {
            return false;
        }
        double segmentSeconds = list.duration == null ? 0
                : list.duration / (double) (list.timescale == null ? 1 : list.timescale);
        for (int i = 0; i < list.media.size(); i++) {
            if (!limit.keeps(i, i * segmentSeconds)) {
                links.cutBySegments(limit);
                return true;
            }
            String media = list.media.get(i);
            if (!links.offer(base, media == null ? base.toString() : media, null)) {
                return false;
            }
        }
        return true;
    }

    /** The segments of one Representation's merged SegmentTemplate. */
    private final class Enumeration {
        private final URI base;
        private final DashTemplate template;
        private final DashLevel representation;
        private final boolean dynamic;
        private final long timescale;
        private final long offset;
        private final String what;
        private long index;
        private boolean cut;

        Enumeration(DashLevel representation, DashTemplate template, boolean dynamic) {
            this.representation = representation;
            this.base = representation.base;
            this.template = template;
            this.dynamic = dynamic;
            this.timescale = template.timescale() == null || template.timescale() < 1 ? 1 : template.timescale();
            this.offset = template.presentationTimeOffset() == null ? 0 : template.presentationTimeOffset();
            this.what = "SegmentTemplate of Representation '" + representation.id + "'";
        }

        boolean run() {
            if (template.initialization() != null && !links.offer(base, compile(template.initialization()).format(0, 0), null)) {
                return false;
            }
            if (template.media() == null) {
                return true;
            }
            DashTemplate.Compiled media = compile(template.media());
            if (template.timeline() != null) {
                return timeline(media, template.timeline());
            }
            if (template.duration() != null && template.duration() > 0) {
                long count = Double.isNaN(representation.periodSeconds) ? -1
                        : (long) Math.ceil(representation.periodSeconds * timescale / template.duration() - 1e-9);
                return run(media, offset, template.duration(), count);
            }
            if (media.numbered()) {
                throw new DocumentException(what + " has neither @duration nor a SegmentTimeline");
            }
            return links.offer(base, media.format(0, 0), null);
        }

        private boolean timeline(DashTemplate.Compiled media, DashTimeline timeline) {
            long time = 0;
            long periodEnd = Double.isNaN(representation.periodSeconds) ? -1
                    : offset + Math.round(representation.periodSeconds * timescale);
            for (int i = 0; i < timeline.size(); i++) {
                time = timeline.time(i) == DashTimeline.NO_TIME ? time : timeline.time(i);
                long d = timeline.duration(i);
                long count = timeline.repeat(i) + 1;
                if (timeline.repeat(i) < 0) {
                    long end = i + 1 < timeline.size() && timeline.time(i + 1) != DashTimeline.NO_TIME
                            ? timeline.time(i + 1) : periodEnd;
                    count = end < 0 ? -1 : Math.max(0, (end - time + d - 1) / d);
                }
                if (!run(media, time, d, count)) {
                    return false;
                }
                if (cut) {
                    return true;
                }
                time += d * count;
            }
            return true;
        }

        /** Offers {@code count} segments (-1: until the limit) from {@code time}, {@code d} apart; false to stop. */
        private boolean run(DashTemplate.Compiled media, long time, long d, long count) {
            if (count < 0 && limit instanceof SegmentLimit.All) {
                throw new DocumentException(what + " has no end to count segments to ("
                        + (dynamic ? "the MPD is dynamic" : "no Period@duration or MPD@mediaPresentationDuration")
                        + "): give a segment limit");
            }
            long startNumber = template.startNumber() == null ? 1 : template.startNumber();
            for (long i = 0; count < 0 || i < count; i++) {
                long t = time + i * d;
                if (!limit.keeps(index, (t - offset) / (double) timescale)) {
                    links.cutBySegments(limit);
                    cut = true;
                    return true;
                }
                if (!links.offer(base, media.format(startNumber + index, t), null)) {
                    return false;
                }
                index++;
            }
            return true;
        }

        private DashTemplate.Compiled compile(String text) {
            return DashTemplate.compile(text, representation.id == null ? "" : representation.id, representation.bandwidth, what);
        }
    }
}
