package io.prewarm.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads one field of a request body, or refuses it naming the field. */
final class JsonFields {
    private JsonFields() {
    }

    static Integer optionalInt(JsonNode node, String field, int min, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            throw new InvalidRequestException(field, "must be a whole number from " + min + " to " + max + ", got " + node);
        }
        return node.asInt();
    }

    static Boolean optionalBoolean(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw new InvalidRequestException(field, "must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    static String oneOf(String field, JsonNode node, List<String> allowed) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, "is required; one of " + allowed);
        }
        String text = node.isTextual() ? node.asText().trim().toLowerCase(Locale.ROOT) : "";
        if (!allowed.contains(text)) {
            throw new InvalidRequestException(field, "must be one of " + allowed + ", got " + node);
        }
        return text;
    }

    static List<String> stringList(String field, JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidRequestException(field, "is required: \"all\" or a non-empty list");
        }
        if (node.isTextual()) {
            return List.of(node.asText().trim());
        }
        if (!node.isArray() || node.isEmpty()) {
            throw new InvalidRequestException(field, "must be \"all\" or a non-empty list of strings");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
                throw new InvalidRequestException(field + "[" + i + "]", "must be a non-empty string");
            }
            out.add(node.get(i).asText().trim());
        }
        return out;
    }
}
