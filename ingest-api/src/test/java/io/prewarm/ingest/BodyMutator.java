package io.prewarm.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prewarm.contract.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a valid {@code POST /prewarm} body into a plausible wrong one for {@link FuzzBodiesTest}:
 * sometimes a field's value swapped for a random JSON value (or the field dropped, or a stray one
 * added), then a few byte-level accidents (flips, deletions, insertions of structural characters,
 * quotes, escapes, unicode and control characters, truncation, duplication). Everything comes
 * from one seeded {@link Random}, so a seed replays the same bodies.
 */
final class BodyMutator {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] SNIPPETS = {"{", "}", "[", "]", ",", ":", "\"", "'", "\\", "\\\"", "\\u0000", "\\ud800", "\\udc00",
        "\\u00e9", "\u00e9", "\uD83D\uDE00", "\u0000", "\r\n", "\t", "\u0007", "\uFEFF", "null", "true", "-", "0", "1e309", "NaN", " ", "//", "/*"};
    private static final String[] STRINGS = {"", " ", "all", "us", "eu", "jp", "pop", "region", "country", "https", "http", "ATL56-C1",
        "atl56-c1", "ATL56", "japan", "https://www.example.com/x", "http://a.example", "ftp://a.example/", "/relative", "//a.example/x",
        "https://u:p@a.example/", "https://a.example/#f", "d1.cloudfront.net", "evil.example.com", "gzip", "br", "\r\n", "\u00e9\u4e2d",
        "x".repeat(5000)};
    private static final String[] FIELDS = {"url_list", "cf_domain", "protocol", "target_type", "region", "headers", "encodings",
        "timeout_minutes", "chunk_index", "chunk_count", "callback_url"};

    private final Random random;

    BodyMutator(Random random) {
        this.random = random;
    }

    byte[] mutate(String valid) {
        String json = random.nextInt(10) < 4 ? swapField(valid) : valid;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int accidents = random.nextInt(4);
        for (int i = 0; i < accidents; i++) {
            bytes = accident(bytes);
        }
        return bytes;
    }

    private String swapField(String valid) {
        try {
            ObjectNode body = (ObjectNode) Json.MAPPER.readTree(valid);
            String field = FIELDS[random.nextInt(FIELDS.length)];
            switch (random.nextInt(6)) {
                case 0 -> body.remove(field);
                case 1 -> body.set(random.nextBoolean() ? field.toUpperCase() : field + "x", value(2));
                default -> body.set(field, value(3));
            }
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the seed bodies are valid JSON", e);
        }
    }

    private JsonNode value(int depth) {
        return switch (random.nextInt(depth > 0 ? 9 : 7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(List.of(0, 1, -1, 5, 10080, 10081, Integer.MAX_VALUE).get(random.nextInt(7)));
            case 3 -> NODES.numberNode(random.nextBoolean() ? random.nextLong() : random.nextDouble() * 1e6);
            case 4 -> NODES.numberNode(new java.math.BigInteger(120, random));
            case 5, 6 -> NODES.textNode(STRINGS[random.nextInt(STRINGS.length)]);
            case 7 -> {
                ArrayNode list = NODES.arrayNode();
                for (int i = random.nextInt(random.nextInt(10) == 0 ? 60 : 4); i > 0; i--) {
                    list.add(value(depth - 1));
                }
                yield list;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(random.nextBoolean() ? STRINGS[random.nextInt(STRINGS.length)] : "X-" + i, value(depth - 1));
                }
                yield object;
            }
        };
    }

    private byte[] accident(byte[] b) {
        if (b.length == 0) {
            return snippet();
        }
        int at = random.nextInt(b.length);
        return switch (random.nextInt(6)) {
            case 0 -> flip(b, at);
            case 1 -> splice(b, at, Math.min(b.length, at + 1 + random.nextInt(8)), new byte[0]);
            case 2, 3 -> splice(b, at, at, snippet());
            case 4 -> splice(b, at, b.length, new byte[0]);
            default -> splice(b, at, at, java.util.Arrays.copyOfRange(b, random.nextInt(at + 1), at));
        };
    }

    private byte[] flip(byte[] b, int at) {
        byte[] out = b.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    private byte[] snippet() {
        return SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(StandardCharsets.UTF_8);
    }

    /** {@code b} with bytes {@code from..to} replaced by {@code insert}. */
    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.writeBytes(insert);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    /** For a report: the body as text, control characters escaped, cut to a readable length. */
    static String show(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>();
        text.codePoints().limit(600).forEach(c -> parts.add(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : Character.toString(c)));
        return String.join("", parts) + (text.length() > 600 ? "... (" + body.length + " bytes)" : "");
    }
}
