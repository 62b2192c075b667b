package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the optional {@code headers} a request may add to every warm request (a User-Agent,
 * an Authorization a distribution requires). Headers that would change where a request goes or how
 * the connection behaves (Host, hop-by-hop headers, framing) are refused, and so is anything that
 * could smuggle a second header line.
 */
final class ExtraHeaders {
    static final int MAX_HEADERS = 20;
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]{0,1024}");
    private static final Set<String> REFUSED = Set.of("host", "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect", "accept-encoding");

    private ExtraHeaders() {
    }

    static Map<String, String> validate(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() > MAX_HEADERS) {
            throw new InvalidRequestException("headers", "must be an object of at most " + MAX_HEADERS + " header names to string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String field = "headers." + name;
            if (!TOKEN.matcher(name).matches()) {
                throw new InvalidRequestException("headers", "'" + printable(name) + "' is not a valid header name");
            }
            if (REFUSED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidRequestException(field, "cannot be set: Host, hop-by-hop and framing headers are Prewarm's"
                        + (name.equalsIgnoreCase("accept-encoding") ? " (use the encodings field for Accept-Encoding variants)" : ""));
            }
            if (!e.getValue().isTextual() || !VALUE.matcher(e.getValue().asText()).matches()) {
                throw new InvalidRequestException(field, "must be a string of at most 1024 characters without line breaks or control characters");
            }
            out.put(name, e.getValue().asText());
        }
        return out.isEmpty() ? null : Map.copyOf(out);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
