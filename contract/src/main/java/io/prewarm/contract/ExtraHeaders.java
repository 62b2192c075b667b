package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the optional {@code headers} a request may add to every warm request, refusing with a 400
 * naming the header what {@link HeaderRules} says cannot be sent.
 */
final class ExtraHeaders {
    private ExtraHeaders() {
    }

    static Map<String, String> validate(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || node.size() > HeaderRules.MAX_HEADERS) {
            throw new InvalidRequestException("headers", "must be an object of at most " + HeaderRules.MAX_HEADERS + " header names to string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String value = e.getValue().isTextual() ? e.getValue().asText() : null;
            Optional<HeaderRules.Problem> problem = HeaderRules.problem(name, value);
            if (problem.isPresent()) {
                throw refusal(name, problem.get());
            }
            out.put(name, value);
        }
        return out.isEmpty() ? null : Map.copyOf(out);
    }

    private static InvalidRequestException refusal(String name, HeaderRules.Problem problem) {
        String field = "headers." + name;
        return switch (problem) {
            case BAD_NAME -> new InvalidRequestException("headers", "'" + printable(name) + "' is not a valid header name");
            case PREWARMS_OWN -> new InvalidRequestException(field, "cannot be set: Host, hop-by-hop and framing headers are Prewarm's"
                    + (name.equalsIgnoreCase("accept-encoding") ? " (use the encodings field for Accept-Encoding variants)" : ""));
            case BAD_VALUE -> new InvalidRequestException(field, "must be a string of at most 1024 characters without line breaks or control characters");
        };
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
