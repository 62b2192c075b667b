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
 * Succeeded and failed task counts per PoP of one job, and of those how many were verified in the
 * PoP's cache and how many failed because they were not cached ({@link TaskOutcome#verified},
 * {@link TaskOutcome#notCached}), for {@code GET /status?detail=true}.
 * Immutable, and cheap to change because the fold changes it for every result: the PoPs' positions
 * are shared by every version (they grow only when a PoP is counted for the first time) and a
 * result copies just the small array of counts. Skipped tasks are not counted. Written (in the
 * store's compact format, read from JSON too) as {@code {"PoP": [succeeded, failed]}}, as the first
 * version's map of arrays was, or {@code [succeeded, failed, verified, notCached]} once a PoP has
 * either of the last two; both read.
 */
@JsonSerialize(using = PopTallies.Writer.class)
@JsonDeserialize(using = PopTallies.Reader.class)
public final class PopTallies {
    /** One PoP's counts. */
    public record Tally(int succeeded, int failed, int verified, int notCached) {
        public static final Tally ZERO = new Tally(0, 0, 0, 0);

        public Tally(int succeeded, int failed) {
            this(succeeded, failed, 0, 0);
        }
    }

    /** Counts per PoP: succeeded, failed, verified, notCached. */
    private static final int STRIDE = 4;

    static final PopTallies NONE = new PopTallies(new String[0], Map.of(), new int[0]);

    private final String[] pops;
    /** Never changed once built, so versions can share it. */
    private final Map<String, Integer> position;
    /** succeeded, failed, verified, notCached of pops[0], then of pops[1], ... */
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
        for (int i = 0; i < counts.length; i += STRIDE) {
            sum += counts[i] + counts[i + 1];
        }
        return sum;
    }

    /** The counts of {@code pop}, zero when none of its tasks ended yet. */
    public Tally of(String pop) {
        Integer at = position.get(pop);
        int i = at == null ? -1 : STRIDE * at;
        return at == null ? Tally.ZERO : new Tally(counts[i], counts[i + 1], counts[i + 2], counts[i + 3]);
    }

    /** These tallies with a task of {@code pop} that ended so counted (skipped tasks are not). */
    PopTallies counting(String pop, Outcome outcome) {
        return counting(pop, outcome, false, false);
    }

    /** These tallies with a task of {@code pop} that ended so, and was or was not verified or found not cached, counted. */
    PopTallies counting(String pop, Outcome outcome, boolean verified, boolean notCached) {
        if (outcome == Outcome.SKIPPED) {
            return this;
        }
        boolean succeeded = outcome == Outcome.SUCCESS;
        return adding(pop, new int[] {succeeded ? 1 : 0, succeeded ? 0 : 1, verified ? 1 : 0, notCached ? 1 : 0});
    }

    private PopTallies adding(String pop, int[] added) {
        Integer at = position.get(pop);
        if (at == null) {
            Map<String, Integer> grown = new HashMap<>(position);
            grown.put(pop, pops.length);
            String[] names = Arrays.copyOf(pops, pops.length + 1);
            names[pops.length] = pop;
            int[] next = Arrays.copyOf(counts, counts.length + STRIDE);
            System.arraycopy(added, 0, next, counts.length, STRIDE);
            return new PopTallies(names, grown, next);
        }
        int[] next = counts.clone();
        for (int k = 0; k < STRIDE; k++) {
            next[STRIDE * at + k] += added[k];
        }
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

    /** Reads {@code {"PoP": [succeeded, failed(, verified, notCached)], ...}} straight into the arrays: every status query reads a header. */
    static final class Reader extends StdDeserializer<PopTallies> {
        Reader() {
            super(PopTallies.class);
        }

        @Override
        public PopTallies deserialize(JsonParser in, DeserializationContext ctx) throws IOException {
            List<String> names = new ArrayList<>();
            Map<String, Integer> position = new HashMap<>();
            int[] counts = new int[32];
            String pop = in.isExpectedStartObjectToken() ? in.nextFieldName() : in.currentName();
            for (; pop != null; pop = in.nextFieldName()) {
                counts = counts.length < STRIDE * (names.size() + 1) ? Arrays.copyOf(counts, 2 * counts.length) : counts;
                if (in.nextToken() != JsonToken.START_ARRAY || readInts(in, counts, STRIDE * names.size()) < 0) {
                    return ctx.reportInputMismatch(PopTallies.class, "perPop." + pop + ": expected [succeeded, failed] or [succeeded, failed, verified, notCached]");
                }
                position.put(pop, names.size());
                names.add(pop);
            }
            return names.isEmpty() ? NONE : new PopTallies(names.toArray(String[]::new), position, Arrays.copyOf(counts, STRIDE * names.size()));
        }

        /** Reads the array's ints into {@code into} from {@code at} (the rest stays 0); returns how many: 2 or 4, or -1 when malformed. */
        private static int readInts(JsonParser in, int[] into, int at) throws IOException {
            int n = 0;
            for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT || n == STRIDE) {
                    return -1;
                }
                into[at + n++] = in.getIntValue();
            }
            return n == 2 || n == STRIDE ? n : -1;
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
                boolean checked = t.counts[STRIDE * i + 2] != 0 || t.counts[STRIDE * i + 3] != 0;
                out.writeArray(t.counts, STRIDE * i, checked ? STRIDE : 2);
            }
            out.writeEndObject();
        }
    }
}
