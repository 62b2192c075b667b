package io.prewarm.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One level's {@code SegmentTemplate}, every attribute null when that level does not set it, so a
 * Representation's template is its own merged over its AdaptationSet's and Period's (ISO 23009-1
 * 5.3.9.1: lower levels inherit and override). {@link #compile} turns a {@code media} or
 * {@code initialization} template into a fast formatter of {@code $Number$} and {@code $Time$}.
 */
record DashTemplate(String media, String initialization, Long startNumber, Long timescale, Long duration,
                    Long presentationTimeOffset, DashTimeline timeline) {
    private static final Pattern FORMAT = Pattern.compile("%0?(\\d{0,2})d");

    /** This template with the gaps filled from {@code parent}'s. */
    DashTemplate over(DashTemplate parent) {
        if (parent == null) {
            return this;
        }
        return new DashTemplate(
                media != null ? media : parent.media,
                initialization != null ? initialization : parent.initialization,
                startNumber != null ? startNumber : parent.startNumber,
                timescale != null ? timescale : parent.timescale,
                duration != null ? duration : parent.duration,
                presentationTimeOffset != null ? presentationTimeOffset : parent.presentationTimeOffset,
                timeline != null ? timeline : parent.timeline);
    }

    DashTemplate withInitialization(String sourceUrl) {
        return new DashTemplate(media, sourceUrl, startNumber, timescale, duration, presentationTimeOffset, timeline);
    }

    DashTemplate withTimeline(DashTimeline segments) {
        return new DashTemplate(media, initialization, startNumber, timescale, duration, presentationTimeOffset, segments);
    }

    /** A template's parts: literal text, or a $Number$ / $Time$ (with its width) filled per segment. */
    record Compiled(List<Object> parts) {
        String format(long number, long time) {
            StringBuilder out = new StringBuilder();
            for (Object part : parts) {
                if (part instanceof Field field) {
                    String digits = Long.toString(field.number ? number : time);
                    out.append("0".repeat(Math.max(0, field.width - digits.length()))).append(digits);
                } else {
                    out.append(part);
                }
            }
            return out.toString();
        }

        boolean numbered() {
            return parts.stream().anyMatch(p -> p instanceof Field);
        }
    }

    private record Field(boolean number, int width) {
    }

    /** Compiles {@code template} for one Representation; {@code what} names it in errors. */
    static Compiled compile(String template, String representationId, long bandwidth, String what) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int dollar = template.indexOf('$', i);
            if (dollar < 0) {
                literal.append(template, i, template.length());
                break;
            }
            literal.append(template, i, dollar);
            int close = template.indexOf('$', dollar + 1);
            if (close < 0) {
                throw new DocumentException(what + " '" + template + "' has an unclosed $ identifier");
            }
            String identifier = template.substring(dollar + 1, close);
            i = close + 1;
            if (identifier.isEmpty()) {
                literal.append('$');
                continue;
            }
            int percent = identifier.indexOf('%');
            String name = percent < 0 ? identifier : identifier.substring(0, percent);
            int width = width(percent < 0 ? "" : identifier.substring(percent), template, what);
            switch (name) {
                case "RepresentationID" -> literal.append(representationId);
                case "Bandwidth" -> literal.append(padded(Long.toString(bandwidth), width));
                case "Number", "Time" -> {
                    parts.add(literal.toString());
                    literal.setLength(0);
                    parts.add(new Field(name.equals("Number"), width));
                }
                default -> throw new DocumentException(what + " '" + template + "' has an unknown identifier $" + identifier + "$");
            }
        }
        parts.add(literal.toString());
        return new Compiled(List.copyOf(parts));
    }

    private static int width(String format, String template, String what) {
        if (format.isEmpty()) {
            return 0;
        }
        Matcher m = FORMAT.matcher(format.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new DocumentException(what + " '" + template + "' has a format tag " + format + " that is not %0<width>d");
        }
        return m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1));
    }

    private static String padded(String digits, int width) {
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
