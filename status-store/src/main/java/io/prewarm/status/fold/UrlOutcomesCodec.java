package io.prewarm.status.fold;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.prewarm.contract.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a URL's outcome entry is written and read: {@code {"t": [{"p": pop, "v": variant, "o": outcome,
 * "h": httpStatus, "x": xCache, "c": cfPop, "b": bytes, "t": elapsedMs, "a": attempts, "e": error,
 * "f": finishedAt}, ...]}}, absent values left out. Written by hand, straight from and into the
 * records: the fold rewrites a URL's whole entry whenever a batch brings more of its tasks, and
 * Jackson's generic record binding cost about 1 µs per task written and 1.5 µs read, several
 * times this. Unknown fields are skipped, so a later version may add some.
 */
final class UrlOutcomesCodec {
    private UrlOutcomesCodec() {
    }

    static final class Writer extends StdSerializer<UrlOutcomes> {
        Writer() {
            super(UrlOutcomes.class);
        }

        @Override
        public void serialize(UrlOutcomes outcomes, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            out.writeArrayFieldStart("t");
            for (TaskOutcome t : outcomes.tasks()) {
                out.writeStartObject();
                out.writeStringField("p", t.pop());
                out.writeStringField("v", t.variant());
                out.writeStringField("o", t.outcome().name());
                if (t.httpStatus() != null) {
                    out.writeNumberField("h", t.httpStatus());
                }
                writeIfPresent(out, "x", t.xCache());
                writeIfPresent(out, "c", t.cfPop());
                out.writeNumberField("b", t.bytes());
                out.writeNumberField("t", t.elapsedMs());
                out.writeNumberField("a", t.attempts());
                writeIfPresent(out, "e", t.error());
                out.writeNumberField("f", t.finishedAt());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private static void writeIfPresent(JsonGenerator out, String name, String value) throws IOException {
            if (value != null) {
                out.writeStringField(name, value);
            }
        }
    }

    static final class Reader extends StdDeserializer<UrlOutcomes> {
        Reader() {
            super(UrlOutcomes.class);
        }

        @Override
        public UrlOutcomes deserialize(JsonParser in, DeserializationContext ctx) throws IOException {
            List<TaskOutcome> tasks = new ArrayList<>();
            for (String field = in.isExpectedStartObjectToken() ? in.nextFieldName() : in.currentName(); field != null; field = in.nextFieldName()) {
                if (!field.equals("t")) {
                    in.nextToken();
                    in.skipChildren();
                } else if (in.nextToken() != JsonToken.START_ARRAY) {
                    return ctx.reportInputMismatch(UrlOutcomes.class, "t: expected an array of task outcomes");
                } else {
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        tasks.add(task(in, ctx));
                    }
                }
            }
            return new UrlOutcomes(tasks);
        }

        private static TaskOutcome task(JsonParser in, DeserializationContext ctx) throws IOException {
            String pop = null;
            String variant = null;
            Outcome outcome = null;
            Integer httpStatus = null;
            String xCache = null;
            String cfPop = null;
            String error = null;
            long bytes = 0;
            long elapsedMs = 0;
            int attempts = 0;
            long finishedAt = 0;
            for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
                JsonToken value = in.nextToken();
                switch (field) {
                    case "p" -> pop = in.getValueAsString();
                    case "v" -> variant = in.getValueAsString();
                    case "o" -> outcome = Outcome.valueOf(in.getValueAsString());
                    case "h" -> httpStatus = value == JsonToken.VALUE_NULL ? null : in.getIntValue();
                    case "x" -> xCache = in.getValueAsString();
                    case "c" -> cfPop = in.getValueAsString();
                    case "b" -> bytes = in.getLongValue();
                    case "t" -> elapsedMs = in.getLongValue();
                    case "a" -> attempts = in.getIntValue();
                    case "e" -> error = in.getValueAsString();
                    case "f" -> finishedAt = in.getLongValue();
                    default -> in.skipChildren();
                }
            }
            if (pop == null || outcome == null) {
                return ctx.reportInputMismatch(UrlOutcomes.class, "a task outcome without its PoP or outcome");
            }
            return new TaskOutcome(pop, variant, outcome, httpStatus, xCache, cfPop, bytes, elapsedMs, attempts, error, finishedAt);
        }
    }
}
