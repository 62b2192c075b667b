package io.prewarm.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The payload and header schemas of {@code docs/asyncapi.yaml}, the one place the topics' JSON
 * Schemas are kept, ready to validate records read from the broker. AsyncAPI 3.0's default schema
 * format is a superset of JSON Schema draft-07, so they are validated as draft-07 (networknt
 * json-schema-validator), with {@code $ref}s resolved inside the document.
 */
final class AsyncApiContract {
    static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
    private static final String BASE = "https://prewarm.test/asyncapi.json";

    private final JsonNode doc;
    private final SchemaRegistry schemas;

    AsyncApiContract() {
        try {
            Object yaml = new Yaml().load(Files.readString(DOCUMENT));
            this.doc = Json.MAPPER.valueToTree(yaml);
            String json = Json.MAPPER.writeValueAsString(doc);
            this.schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemas(Map.of(BASE, json)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return doc;
    }

    /** Problems of {@code json} against the schema at {@code pointer} (e.g. {@code /components/schemas/JobStatusEvent}); empty when valid. */
    List<String> problems(String pointer, String json) {
        if (doc.at(pointer).isMissingNode()) {
            throw new AssertionError("no schema at " + pointer + " in " + DOCUMENT);
        }
        return schemas.getSchema(SchemaLocation.of(BASE + "#" + pointer)).validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** The payload schema pointer of a channel's (only) message, following the document's own references. */
    String payloadOf(String address) {
        return messageOf(address) + "/payload";
    }

    /** The headers schema pointer of a channel's message. */
    String headersOf(String address) {
        return messageOf(address) + "/headers";
    }

    private String messageOf(String address) {
        for (var channel : (Iterable<Map.Entry<String, JsonNode>>) () -> doc.path("channels").fields()) {
            if (channel.getValue().path("address").asText().equals(address)) {
                JsonNode message = channel.getValue().path("messages").elements().next();
                return message.path("$ref").asText().substring(1);
            }
        }
        throw new AssertionError("no channel for " + address + " in " + DOCUMENT);
    }
}
