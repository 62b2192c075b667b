package io.prewarm.ingest;

import io.prewarm.web.ApiServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

/**
 * Request bodies for the ingest tests: a valid one with chosen fields overridden (written with '
 * for " so a table of them stays readable), and the raw bytes of the awkward ones (another
 * encoding, compressed, over the size limit).
 */
final class TestBodies {
    private TestBodies() {
    }

    /** A valid body; its fields are overridden by {@code fieldsAndValues} (a null value removes the field). */
    static String with(String... fieldsAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("url_list", "['https://www.example.com/a']");
        fields.put("target_type", "'region'");
        fields.put("region", "['us']");
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        fields.values().removeIf(v -> v == null);
        return fields.entrySet().stream().map(e -> "'" + e.getKey() + "': " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}")).replace('\'', '"');
    }

    static String valid() {
        return with();
    }

    static String urls(int n) {
        return IntStream.range(0, n).mapToObj(i -> "'https://www.example.com/" + i + "'").collect(Collectors.joining(",", "[", "]"));
    }

    static byte[] oversized() {
        byte[] bytes = new byte[(int) ApiServer.MAX_BODY_BYTES + 1];
        Arrays.fill(bytes, (byte) ' ');
        byte[] start = utf8(valid());
        System.arraycopy(start, 0, bytes, 0, start.length);
        return bytes;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] gzip(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(utf8(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
