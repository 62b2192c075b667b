package io.prewarm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's safety net beyond the hand-written corpus of {@link BadInputTest}: random mutations of
 * valid bodies, sent for a bounded time to the real {@code POST /prewarm} (recording sink, no
 * broker). Whatever arrives, the answer comes within {@link IngestServer#TIMEOUT}, is never a 5xx,
 * a 4xx is {@code {"message": "<field>: ..."}}, and exactly the 200s were published.
 * {@code -Dfuzz.seed=N} replays a run (its seed is printed); {@code -Dfuzz.seconds=N} runs longer.
 */
class FuzzBodiesTest {
    private static final List<String> VALID = List.of(
            TestBodies.valid(),
            TestBodies.with("url_list", "['https://www.example.com/a', 'http://img.example.com/b.png?v=1']", "cf_domain", "'d111111abcdef8.cloudfront.net'",
                    "protocol", "'https'", "target_type", "'pop'", "region", "['ATL56-C1', 'nrt57-p3']"),
            TestBodies.with("target_type", "'country'", "region", "'all'", "headers", "{'User-Agent': 'prewarm-fuzz'}",
                    "encodings", "['br', 'gzip', '']", "timeout_minutes", "60"),
            TestBodies.with("target_type", "'region'", "region", "['us', 'eu', 'jp']", "protocol", "'http'"));
    private static final List<String> CONTENT_TYPES = List.of("application/json; charset=utf-8", "text/plain", "application/json; charset=nope",
            "application/x-www-form-urlencoded", "application/problem+json", "application/json; charset=iso-8859-1");
    /** A message must start with a field: a known one (with index or sub-field), or one the body made up. */
    private static final Pattern FIELD_FIRST = Pattern.compile("^(body|Content-Type|Content-Encoding|url_list|cf_domain|protocol|target_type|region"
            + "|headers|encodings|timeout_minutes|chunk_index|chunk_count|callback_url)(\\[\\d+]|\\.[^:]+)?: |: (unknown field;|appears more than once)", Pattern.DOTALL);

    @Test
    void randomlyBrokenBodiesAreAnsweredQuicklyWith4xxNamingAFieldAndNeverPublished() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 8));
        System.out.printf("FuzzBodiesTest: seed %d (replay with -Dfuzz.seed=%d), running %d s%n", seed, seed, budget.toSeconds());
        Random random = new Random(seed);
        BodyMutator mutator = new BodyMutator(random);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Map<String, Integer> fields = new TreeMap<>();
        int sent = 0;
        try (IngestServer server = new IngestServer(50)) {
            for (String valid : VALID) {
                assertEquals(200, server.post("application/json", valid.getBytes(StandardCharsets.UTF_8)).status(), "unmutated: " + valid);
            }
            server.sink().clear();
            long started = System.nanoTime();
            while (System.nanoTime() - started < budget.toNanos()) {
                byte[] body = mutator.mutate(VALID.get(random.nextInt(VALID.size())));
                String type = random.nextInt(10) == 0 ? CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())) : "application/json";
                String context = "seed " + seed + ", body #" + sent + " (" + type + "): " + BodyMutator.show(body);
                IngestServer.Reply reply = server.post(type, null, body, false);
                sent++;
                statuses.merge(reply.status(), 1, Integer::sum);
                check(reply, context).ifPresent(field -> fields.merge(field, 1, Integer::sum));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("FuzzBodiesTest: %d bodies in %.1f s (%.0f/s); statuses %s%nFuzzBodiesTest: refusals by field %s%n",
                    sent, seconds, sent / seconds, statuses, fields);
            assertEquals(statuses.getOrDefault(200, 0), server.sink().count(), "publishes vs 200 answers, seed " + seed);
        }
        assertTrue(statuses.keySet().stream().anyMatch(s -> s >= 400), "a run must see refused bodies: " + statuses);
    }

    /** Asserts one answer is well formed; returns the field a refusal named. */
    private static Optional<String> check(IngestServer.Reply reply, String context) {
        assertTrue(reply.status() == 200 || reply.status() >= 400 && reply.status() < 500, reply.status() + " " + reply.text() + " for " + context);
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType() + " for " + context);
        JsonNode json = reply.json().orElseThrow(() -> new AssertionError("not JSON: " + reply.text() + " for " + context));
        if (reply.status() == 200) {
            String id = json.path("requestID").asText();
            assertEquals(id, UUID.fromString(id).toString(), context);
            return Optional.empty();
        }
        assertTrue(json.isObject() && json.size() == 1 && json.path("message").isTextual(), reply.text() + " for " + context);
        String message = json.get("message").asText();
        assertTrue(FIELD_FIRST.matcher(message).find(), "message does not start with a field: " + message + " for " + context);
        if (message.contains(": unknown field;") || message.contains(": appears more than once")) {
            return Optional.of(message.contains(": unknown field;") ? "(unknown field)" : "(duplicate field)");
        }
        return Optional.of(message.split("[\\[.:]", 2)[0]);
    }
}
