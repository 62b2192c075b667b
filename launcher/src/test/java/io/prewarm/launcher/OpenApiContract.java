package io.prewarm.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks real HTTP exchanges against the OpenAPI 3.1 document the system serves: the operation
 * exists, every query parameter sent is documented, the status code is documented for that
 * operation, the Content-Type is one of that response's media types, required response headers are
 * there and match their schemas, and the body matches its schema (JSON Schema 2020-12, the dialect
 * of OpenAPI 3.1 schemas, validated by networknt json-schema-validator with {@code $ref}s resolved
 * inside the document). Atlassian's swagger-request-validator reads OpenAPI 3.1 only from 3.0.0
 * on, which needs Java 21; this project runs on 17. It also remembers which (method, path, status)
 * were seen, so a test can tell which documented answers were never produced.
 */
final class OpenApiContract {
    private static final String BASE = "https://prewarm.test/openapi.json";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final JsonNode doc;
    private final SchemaRegistry schemas;
    private final Set<String> seen = new TreeSet<>();

    OpenApiContract(String document) {
        try {
            this.doc = Json.MAPPER.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemas(Map.of(BASE, document)));
    }

    JsonNode document() {
        return doc;
    }

    /** A node of the document and its JSON pointer, with {@code $ref}s followed. */
    private record Located(JsonNode node, String pointer) {
        Located at(String name) {
            return new Located(node.path(name), pointer + "/" + name.replace("~", "~0").replace("/", "~1"));
        }
    }

    private Located resolve(Located l) {
        Located current = l;
        while (current.node().has("$ref") && current.node().get("$ref").asText().startsWith("#")) {
            String pointer = current.node().get("$ref").asText().substring(1);
            current = new Located(doc.at(pointer), pointer);
        }
        return current;
    }

    private Located operation(String method, String path) {
        Located op = new Located(doc, "").at("paths").at(path).at(method.toLowerCase(Locale.ROOT));
        if (op.node().isMissingNode()) {
            throw new AssertionError(method + " " + path + " is not in the OpenAPI document");
        }
        return op;
    }

    /** Problems of a request body the system accepted, against the operation's request body schema. */
    List<String> requestBodyProblems(String method, String path, String json) {
        return validate(resolve(operation(method, path).at("requestBody")).at("content").at("application/json").at("schema"), json);
    }

    /** Every way {@code response} (to {@code method} on its URI) differs from the document; empty when it conforms. */
    List<String> problems(String method, HttpResponse<String> response) {
        URI uri = response.uri();
        String path = uri.getPath();
        Located op = operation(method, path);
        List<String> problems = new ArrayList<>();
        queryParameterProblems(op, uri, problems);
        String status = String.valueOf(response.statusCode());
        seen.add(method + " " + path + " " + status);
        Located documented = resolve(op.at("responses").at(status));
        if (documented.node().isMissingNode()) {
            problems.add("status " + status + " is not documented for " + method + " " + path + " (body: " + response.body() + ")");
            return problems;
        }
        headerProblems(documented, response, problems);
        String mediaType = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim().toLowerCase(Locale.ROOT);
        Located content = documented.at("content").at(mediaType);
        if (content.node().isMissingNode()) {
            problems.add("Content-Type '" + mediaType + "' is not documented for " + method + " " + path + " " + status);
            return problems;
        }
        String body = mediaType.endsWith("json") ? response.body() : Json.MAPPER.getNodeFactory().textNode(response.body()).toString();
        validate(content.at("schema"), body).forEach(p -> problems.add(method + " " + path + " " + status + " body: " + p));
        return problems;
    }

    private void queryParameterProblems(Located op, URI uri, List<String> problems) {
        Set<String> documented = new TreeSet<>();
        for (JsonNode p : op.at("parameters").node()) {
            JsonNode param = resolve(new Located(p, "")).node();
            if (param.path("in").asText().equals("query")) {
                documented.add(param.path("name").asText());
            }
        }
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = pair.split("=", 2)[0];
                if (!documented.contains(name)) {
                    problems.add("query parameter '" + name + "' is not documented for " + uri.getPath());
                }
            }
        }
    }

    private void headerProblems(Located documented, HttpResponse<String> response, List<String> problems) {
        Located headers = documented.at("headers");
        for (Iterator<String> names = headers.node().fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Located header = resolve(headers.at(name));
            var value = response.headers().firstValue(name);
            if (value.isEmpty()) {
                if (header.node().path("required").asBoolean()) {
                    problems.add("required header " + name + " is missing (status " + response.statusCode() + ")");
                }
                continue;
            }
            boolean numeric = header.node().path("schema").path("type").asText().equals("integer") && INTEGER.matcher(value.get()).matches();
            String json = numeric ? value.get() : Json.MAPPER.getNodeFactory().textNode(value.get()).toString();
            validate(header.at("schema"), json).forEach(p -> problems.add("header " + name + ": " + p));
        }
    }

    private List<String> validate(Located schema, String json) {
        if (schema.node().isMissingNode()) {
            return List.of("no schema at " + schema.pointer());
        }
        return schemas.getSchema(SchemaLocation.of(BASE + "#" + schema.pointer())).validate(json, InputFormat.JSON)
                .stream().map(Object::toString).toList();
    }

    /** Problems of {@code json} against the schema at {@code pointer} (e.g. {@code /components/schemas/Status}); empty when valid. */
    List<String> schemaProblems(String pointer, String json) {
        return validate(new Located(doc.at(pointer), pointer), json);
    }

    /** {@code "METHOD path status"} of every documented response, for comparing with {@link #seen()}. */
    Set<String> documentedResponses() {
        Set<String> all = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().path("responses").fieldNames().forEachRemaining(status ->
                        all.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " " + status))));
        return all;
    }

    Set<String> seen() {
        return Set.copyOf(seen);
    }
}
