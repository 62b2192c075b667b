package io.prewarm.documents;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * What one level of an MPD (the MPD, a Period, an AdaptationSet, a Representation) says about
 * where its segments are: its base URL (its first {@code BaseURL} resolved against its parent's),
 * and at most one of a {@code SegmentTemplate}, a {@code SegmentList} or a {@code SegmentBase}.
 * A Representation's segments come from the nearest level that has one of them.
 */
final class DashLevel {
    /** A {@code SegmentList}: its init section, segment durations and {@code SegmentURL@media}s (null: the base itself). */
    static final class SegmentList {
        String initialization;
        Long duration;
        Long timescale;
        final List<String> media = new ArrayList<>();
    }

    final DashLevel parent;
    URI base;
    boolean ownBase;
    DashTemplate template;
    SegmentList list;
    boolean segmentBase;
    String segmentBaseInitialization;
    /** A Period's length in seconds, NaN when the MPD does not say; on other levels their Period's. */
    final double periodSeconds;
    final String id;
    final long bandwidth;

    DashLevel(DashLevel parent, URI base, double periodSeconds, String id, long bandwidth) {
        this.parent = parent;
        this.base = base;
        this.periodSeconds = periodSeconds;
        this.id = id;
        this.bandwidth = bandwidth;
    }

    boolean hasSegmentInformation() {
        return template != null || list != null || segmentBase;
    }

    /** The nearest level from this one up that says where segments are, or null. */
    DashLevel segmentSource() {
        for (DashLevel level = this; level != null; level = level.parent) {
            if (level.hasSegmentInformation()) {
                return level;
            }
        }
        return null;
    }

    /** This level's template merged over every template above it. */
    DashTemplate mergedTemplate() {
        DashTemplate inherited = parent == null ? null : parent.mergedTemplate();
        return template == null ? inherited : template.over(inherited);
    }
}
