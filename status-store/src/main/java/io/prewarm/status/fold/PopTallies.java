package io.prewarm.status.fold;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.prewarm.contract.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Succeeded and failed task counts per PoP of one job, for {@code GET /status?detail=true}.
 * Immutable, and cheap to change because the fold changes it for every result: the PoPs' positions
 * are shared by every version (they grow only when a PoP is counted for the first time) and a
 * result copies just the small array of counts. Skipped tasks are not counted. Written (in the
 * store's compact format, read from JSON too) as {@code {"PoP": [succeeded, failed]}}, as the first
 * version's map of arrays was.
 */
@JsonSerialize(using = PopTallies.Writer.class)
@JsonDeserialize(using = PopTallies.Reader.class)
public final class PopTallies {
    /** One PoP's counts. */
    public record Tally(int succeeded, int failed) {
        public static final Tally ZERO = new Tally(0, 0);
    }

    static final PopTallies NONE = new PopTallies(new String[0], Map.of(), new int[0]);

    private final String[] pops;
    /** Never changed once built, so versions can share it. */
    private final Map<String, Integer> position;
    /** succeeded, failed of pops[0], then of pops[1], ... */
    private final int[] counts;

    private PopTallies(String[] pops, Map<String, Integer> position, int[] counts) {
        this.pops = pops;
        this.position = position;
        this.counts = counts;
    }

    /**
     * Every task counted, at any PoP: each counted result adds exactly one, so it grows with every
     * change of these tallies and serves as their version.
     */
    public long counted() {
        long sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    /** The counts of {@code pop}, zero when none of its tasks ended yet. */
    public Tally of(String pop) {
        Integer at = position.get(pop);
        return at == null ? Tally.ZERO : new Tally(counts[2 * at], counts[2 * at + 1]);
    }

    /** These tallies with a task of {@code pop} that ended so counted (skipped tasks are not). */
    PopTallies counting(String pop, Outcome outcome) {
        boolean succeeded = outcome == Outcome.SUCCESS;
        return outcome == Outcome.SKIPPED ? this : adding(pop, succeeded ? 1 : 0, succeeded ? 0 : 1);
    }

    private PopTallies adding(String pop, int succeeded, int failed) {
        Integer at = position.get(pop);
        if (at == null) {
            Map<String, Integer> grown = new HashMap<>(position);
            grown.put(pop, pops.length);
            String[] names = Arrays.copyOf(pops, pops.length + 1);
            names[pops.length] = pop;
            int[] next = Arrays.copyOf(counts, counts.length + 2);
            next[counts.length] = succeeded;
            next[counts.length + 1] = failed;
            return new PopTallies(names, grown, next);
        }
        int[] next = counts.clone();
        next[2 * at] += succeeded;
        next[2 * at + 1] += failed;
        return new PopTallies(pops, position, next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PopTallies other && asMap().equals(other.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }

    private Map<String, Tally> asMap() {
        Map<String, Tally> m = new HashMap<>();
        for (String pop : pops) {
            m.put(pop, of(pop));
        }
        return m;
    }

    /** Reads {@code {"PoP": [succeeded, failed], ...}} straight into the arrays: every status query reads a header. */
    static final class Reader extends StdDeserializer<PopTallies> {
        Reader() {
            super(PopTallies.class);
        }

        @Override
        public PopTallies deserialize(JsonParser in, DeserializationContext ctx) throws IOException {
            List<String> names = new ArrayList<>();
            Map<String, Integer> position = new HashMap<>();
            int[] counts = new int[16];
            String pop = in.isExpectedStartObjectToken() ? in.nextFieldName() : in.currentName();
            for (; pop != null; pop = in.nextFieldName()) {
                counts = counts.length < 2 * names.size() + 2 ? Arrays.copyOf(counts, 2 * counts.length) : counts;
                if (in.nextToken() != JsonToken.START_ARRAY || !readInt(in, counts, 2 * names.size()) || !readInt(in, counts, 2 * names.size() + 1)
                        || in.nextToken() != JsonToken.END_ARRAY) {
                    return ctx.reportInputMismatch(PopTallies.class, "perPop." + pop + ": expected [succeeded, failed]");
                }
                position.put(pop, names.size());
                names.add(pop);
            }
            return names.isEmpty() ? NONE : new PopTallies(names.toArray(String[]::new), position, Arrays.copyOf(counts, 2 * names.size()));
        }

        private static boolean readInt(JsonParser in, int[] into, int at) throws IOException {
            if (in.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                return false;
            }
            into[at] = in.getIntValue();
            return true;
        }
    }

    /** Writes the counts straight from the array: the header is written for every result batch. */
    static final class Writer extends StdSerializer<PopTallies> {
        Writer() {
            super(PopTallies.class);
        }

        @Override
        public void serialize(PopTallies t, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            for (int i = 0; i < t.pops.length; i++) {
                out.writeFieldName(t.pops[i]);
                out.writeArray(t.counts, 2 * i, 2);
            }
            out.writeEndObject();
        }
    }
}
