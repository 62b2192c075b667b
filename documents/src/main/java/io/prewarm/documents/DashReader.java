package io.prewarm.documents;

import java.io.InputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.stream.XMLStreamConstants;

/**
 * Reads a DASH MPD (ISO 23009-1) as a stream of elements, keeping only the levels open above the
 * current element: an MPD's children come in schema order (BaseURL and segment information before
 * the levels below), so when a Representation ends everything its segments depend on is known and
 * {@link DashSegments} enumerates them there, without listing them first. A Period's length is its
 * {@code @duration}, else {@code MPD@mediaPresentationDuration} less its {@code @start} (right for
 * the last or only Period, which is where it is usually left out).
 */
final class DashReader {
    private final Xml.Events xml;
    private final URI document;
    private final DashSegments segments;
    private final Deque<DashLevel> levels = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private double presentationSeconds = Double.NaN;
    private boolean dynamic;

    private DashReader(InputStream body, URI document, SegmentLimit limit, Links links) {
        this.xml = Xml.open(body, "MPD");
        this.document = document;
        this.segments = new DashSegments(links, limit, document);
    }

    static void read(InputStream body, URI document, SegmentLimit limit, Links links) {
        new DashReader(body, document, limit, links).read();
    }

    private void read() {
        if (xml.next() != XMLStreamConstants.START_ELEMENT || !xml.name().equals("MPD")) {
            throw new DocumentException("not an MPD: the root element is not <MPD>");
        }
        dynamic = "dynamic".equals(xml.attribute("type"));
        String total = xml.attribute("mediaPresentationDuration");
        if (total != null) {
            presentationSeconds = IsoDuration.seconds(total, where("MPD@mediaPresentationDuration"));
        }
        levels.push(new DashLevel(null, document, Double.NaN, null, 0));
        names.push("MPD");
        for (int event = xml.next(); event != XMLStreamConstants.END_DOCUMENT; event = xml.next()) {
            if (event == XMLStreamConstants.START_ELEMENT && !start(xml.name())) {
                return;
            }
            if (event == XMLStreamConstants.END_ELEMENT && !end(names.pop())) {
                return;
            }
        }
    }

    /** One element begins; false to stop reading. */
    private boolean start(String name) {
        String parent = names.peek();
        DashLevel level = levels.peek();
        if (name.equals("BaseURL") && isLevel(parent)) {
            String text = xml.text();
            if (!level.ownBase) {
                level.base = Links.resolve(level.base, text.strip()).orElse(level.base);
                level.ownBase = true;
            }
            return true;
        }
        names.push(name);
        switch (name) {
            case "Period" -> levels.push(period(level));
            case "AdaptationSet" -> levels.push(new DashLevel(level, level.base, level.periodSeconds, null, 0));
            case "Representation" -> levels.push(new DashLevel(level, level.base, level.periodSeconds,
                    xml.attribute("id"), number("bandwidth", 0L)));
            case "SegmentTemplate" -> level.template = template();
            case "SegmentList" -> level.list = list();
            case "SegmentBase" -> level.segmentBase = true;
            case "SegmentTimeline" -> {
                if ("SegmentTemplate".equals(parent)) {
                    level.template = level.template.withTimeline(new DashTimeline());
                }
            }
            case "S" -> timelineEntry(level);
            case "SegmentURL" -> {
                if ("SegmentList".equals(parent)) {
                    level.list.media.add(xml.attribute("media"));
                }
            }
            case "Initialization" -> initialization(parent, level, xml.attribute("sourceURL"));
            default -> {
            }
        }
        return true;
    }

    private boolean end(String name) {
        if (name.equals("Representation")) {
            DashLevel representation = levels.pop();
            return segments.emit(representation, dynamic);
        }
        if (name.equals("Period") || name.equals("AdaptationSet")) {
            levels.pop();
        }
        return true;
    }

    private DashLevel period(DashLevel mpd) {
        String start = xml.attribute("start");
        String duration = xml.attribute("duration");
        double startSeconds = start == null ? 0 : IsoDuration.seconds(start, where("Period@start"));
        double seconds = duration != null ? IsoDuration.seconds(duration, where("Period@duration"))
                : presentationSeconds - startSeconds;
        return new DashLevel(mpd, mpd.base, seconds > 0 ? seconds : Double.NaN, null, 0);
    }

    private DashTemplate template() {
        return new DashTemplate(xml.attribute("media"), xml.attribute("initialization"), number("startNumber", null),
                number("timescale", null), number("duration", null), number("presentationTimeOffset", null), null);
    }

    private DashLevel.SegmentList list() {
        DashLevel.SegmentList list = new DashLevel.SegmentList();
        list.duration = number("duration", null);
        list.timescale = number("timescale", null);
        return list;
    }

    private void timelineEntry(DashLevel level) {
        if (!"SegmentTimeline".equals(names.stream().skip(1).findFirst().orElse(""))
                || level.template == null || level.template.timeline() == null) {
            return;
        }
        Long d = number("d", null);
        if (d == null || d < 1) {
            throw new DocumentException(where("S") + " has no positive @d");
        }
        level.template.timeline().add(number("t", DashTimeline.NO_TIME), d, number("r", 0L));
    }

    private void initialization(String parent, DashLevel level, String sourceUrl) {
        if (sourceUrl == null) {
            return;
        }
        switch (parent) {
            case "SegmentTemplate" -> level.template = level.template.withInitialization(sourceUrl);
            case "SegmentList" -> level.list.initialization = sourceUrl;
            case "SegmentBase" -> level.segmentBaseInitialization = sourceUrl;
            default -> {
            }
        }
    }

    private Long number(String attribute, Long absent) {
        String value = xml.attribute(attribute);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new DocumentException(where(names.peek() + "@" + attribute) + " '" + value + "' is not a whole number");
        }
    }

    private static boolean isLevel(String name) {
        return name.equals("MPD") || name.equals("Period") || name.equals("AdaptationSet") || name.equals("Representation");
    }

    private String where(String what) {
        return "MPD line " + xml.line() + ": " + what;
    }
}
