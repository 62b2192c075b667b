package io.prewarm.status.fold;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.prewarm.contract.Cacheability;
import io.prewarm.contract.Outcome;
import io.prewarm.contract.WarmResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a URL's outcome entry is written and read: {@code {"t": [{"p": pop, "v": variant, "o": outcome,
 * "h": httpStatus, "x": xCache, "c": cfPop, "b": bytes, "t": elapsedMs, "a": attempts, "e": error,
 * "f": finishedAt, "g": age, "k": verification, "y": {"h": httpStatus, "x": xCache, "g": age, "c": cfPop},
 * "u": {"n": header, "v": value}}, ...]}}, absent values left out ({@code y} is the verification's
 * answer, {@code u} the header that forbade caching). Written by hand, straight from and into the
 * records: the fold rewrites a URL's whole entry whenever a batch brings more of its tasks, and
 * Jackson's generic record binding cost about 1 µs per task written and 1.5 µs read, several
 * times this. Unknown fields are skipped, so a later version may add some; a verification this
 * version does not know reads as none.
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
                writeIfPresent(out, "g", t.age());
                writeIfPresent(out, "k", t.verification() == null ? null : t.verification().name());
                writeAnswer(out, t.verify());
                writeUncacheable(out, t.uncacheable());
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }

        private static void writeAnswer(JsonGenerator out, WarmResult.Answer a) throws IOException {
            if (a == null) {
                return;
            }
            out.writeObjectFieldStart("y");
            if (a.httpStatus() != null) {
                out.writeNumberField("h", a.httpStatus());
            }
            writeIfPresent(out, "x", a.xCache());
            writeIfPresent(out, "g", a.age());
            writeIfPresent(out, "c", a.cfPop());
            out.writeEndObject();
        }

        private static void writeUncacheable(JsonGenerator out, Cacheability.Uncacheable u) throws IOException {
            if (u == null) {
                return;
            }
            out.writeObjectFieldStart("u");
            writeIfPresent(out, "n", u.header());
            writeIfPresent(out, "v", u.value());
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
            String age = null;
            WarmResult.Verification verification = null;
            WarmResult.Answer verify = null;
            Cacheability.Uncacheable uncacheable = null;
            for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
                JsonToken value = in.nextToken();
                switch (field) {
                    case "p" -> pop = in.getValueAsString();
                    case "v" -> variant = in.getValueAsString();
                    case "o" -> outcome = Outcome.valueOf(in.getValueAsString());
                    case "h" -> httpStatus = intOrNull(in, value);
                    case "x" -> xCache = in.getValueAsString();
                    case "c" -> cfPop = in.getValueAsString();
                    case "b" -> bytes = in.getLongValue();
                    case "t" -> elapsedMs = in.getLongValue();
                    case "a" -> attempts = in.getIntValue();
                    case "e" -> error = in.getValueAsString();
                    case "f" -> finishedAt = in.getLongValue();
                    case "g" -> age = in.getValueAsString();
                    case "k" -> verification = verification(in.getValueAsString());
                    case "y" -> verify = value == JsonToken.START_OBJECT ? answer(in) : skip(in);
                    case "u" -> uncacheable = value == JsonToken.START_OBJECT ? uncacheable(in) : skip(in);
                    default -> in.skipChildren();
                }
            }
            if (pop == null || outcome == null) {
                return ctx.reportInputMismatch(UrlOutcomes.class, "a task outcome without its PoP or outcome");
            }
            return new TaskOutcome(pop, variant, outcome, httpStatus, xCache, cfPop, bytes, elapsedMs, attempts, error, finishedAt, age,
                    verification, verify, uncacheable);
        }

        private static Integer intOrNull(JsonParser in, JsonToken value) throws IOException {
            return value == JsonToken.VALUE_NULL ? null : in.getIntValue();
        }

        /** A verification by name; one of a later version reads as none rather than failing the URL's whole entry. */
        private static WarmResult.Verification verification(String name) {
            for (WarmResult.Verification v : WarmResult.Verification.values()) {
                if (v.name().equals(name)) {
                    return v;
                }
            }
            return null;
        }

        private static WarmResult.Answer answer(JsonParser in) throws IOException {
            Integer httpStatus = null;
            String xCache = null;
            String age = null;
            String cfPop = null;
            for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
                JsonToken value = in.nextToken();
                switch (field) {
                    case "h" -> httpStatus = intOrNull(in, value);
                    case "x" -> xCache = in.getValueAsString();
                    case "g" -> age = in.getValueAsString();
                    case "c" -> cfPop = in.getValueAsString();
                    default -> in.skipChildren();
                }
            }
            return new WarmResult.Answer(httpStatus, xCache, age, cfPop);
        }

        private static Cacheability.Uncacheable uncacheable(JsonParser in) throws IOException {
            String header = null;
            String value = null;
            for (String field = in.nextFieldName(); field != null; field = in.nextFieldName()) {
                in.nextToken();
                switch (field) {
                    case "n" -> header = in.getValueAsString();
                    case "v" -> value = in.getValueAsString();
                    default -> in.skipChildren();
                }
            }
            return header == null ? null : new Cacheability.Uncacheable(header, value);
        }

        private static <T> T skip(JsonParser in) throws IOException {
            in.skipChildren();
            return null;
        }
    }
}
