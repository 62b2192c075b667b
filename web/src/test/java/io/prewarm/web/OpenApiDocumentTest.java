package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.prewarm.contract.Expansion;
import io.prewarm.contract.InvalidRequestException;
import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenAPI document this module serves, on its own: every JSON example it shows is valid against
 * the schema beside it (a reader copies examples), the request fields' bounds are the validator's,
 * the CSV report's example has the columns its description lists, and the expansion fields refuse
 * what the validator refuses, with the validator's own words in the 400 examples. The launcher's
 * contract tests check real answers against the same document.
 */
class OpenApiDocumentTest {
    private static final String BASE = "https://prewarm.test/openapi.json";
    private static final String TEXT = text();
    private static final JsonNode DOC = parse(TEXT);
    private static final String REQUEST_BODY = "/paths/~1prewarm/post/requestBody/content/application~1json/schema";
    private static final RequestValidator VALIDATOR = new RequestValidator(PopCatalog.load(Optional.empty()), 100_000);
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(BASE, TEXT)));

    private static String text() {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> problems(String schemaPointer, String json) {
        return SCHEMAS.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer)).validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
    }

    /** JSON pointers of every {@code application/json} media type object that has an example, or named examples. */
    private static void jsonExamples(JsonNode node, String pointer, List<String> found) {
        if (node.isObject()) {
            if (pointer.endsWith("/application~1json") && (node.has("example") || node.has("examples")) && node.has("schema")) {
                found.add(pointer);
            }
            node.fields().forEachRemaining(f -> jsonExamples(f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), found));
        }
    }

    /** The example values of a media type object: its {@code example}, or each {@code examples.<name>.value}. */
    private static List<String> examplePointers(String media) {
        if (DOC.at(media).has("example")) {
            return List.of(media + "/example");
        }
        List<String> values = new ArrayList<>();
        DOC.at(media + "/examples").fieldNames().forEachRemaining(name -> values.add(media + "/examples/" + name + "/value"));
        return values;
    }

    /** JSON pointers of every schema under {@code node} with JSON Schema {@code examples}. */
    private static void schemaExamples(JsonNode node, String pointer, List<String> found) {
        if (node.isObject()) {
            if (node.path("examples").isArray()) {
                found.add(pointer);
            }
            node.fields().forEachRemaining(f -> schemaExamples(f.getValue(), pointer + "/" + f.getKey(), found));
        }
    }

    private static String request(String extra) {
        return "{\"url_list\": [\"https://www.example.com/sitemap.xml\"], \"region\": \"all\"" + extra + "}";
    }

    /** The validator's message for a body it refuses (the test fails when it accepts it). */
    private static String refusal(String body) {
        try {
            VALIDATOR.submission(body);
        } catch (InvalidRequestException e) {
            return e.getMessage();
        }
        throw new AssertionError("the validator accepted " + body);
    }

    @Test
    void everyJsonExampleIsValidAgainstItsSchema() {
        List<String> media = new ArrayList<>();
        jsonExamples(DOC.path("paths"), "/paths", media);
        jsonExamples(DOC.path("components"), "/components", media);
        assertTrue(media.contains("/paths/~1status/get/responses/200/content/application~1json"), media.toString());
        for (String m : media) {
            for (String example : examplePointers(m)) {
                assertEquals(List.of(), problems(m + "/schema", DOC.at(example).toString()), example);
            }
        }
    }

    @Test
    void everySchemasOwnExamplesAreValidAgainstIt() {
        List<String> schemas = new ArrayList<>();
        schemaExamples(DOC.path("components").path("schemas"), "/components/schemas", schemas);
        assertTrue(schemas.contains("/components/schemas/Expansion") && schemas.contains("/components/schemas/PrewarmRequest"), schemas.toString());
        for (String s : schemas) {
            for (JsonNode example : DOC.at(s + "/examples")) {
                assertEquals(List.of(), problems(s, example.toString()), s + ": " + example);
            }
        }
    }

    @Test
    void theExpansionFieldsHaveTheValidatorsBounds() {
        JsonNode props = DOC.at("/components/schemas/PrewarmRequest/properties");
        List<String> kinds = new ArrayList<>();
        props.at("/expand/enum").forEach(k -> kinds.add(k.asText()));
        assertEquals(Expansion.KINDS, kinds);
        assertEquals(Expansion.MAX_EXPAND_HOSTS, props.at("/expand_hosts/maxItems").asInt());
        assertEquals(1, props.at("/expand_limit/minimum").asInt());
        assertEquals(Expansion.MAX_SEGMENT_SECONDS, props.at("/segments/properties/first_seconds/maximum").asInt());
        assertEquals(Expansion.MAX_SEGMENTS, props.at("/segments/properties/first_segments/maximum").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ", \"expand\": \"none\"",
        ", \"expand\": \"sitemap\", \"expand_limit\": 1, \"expand_hosts\": [\"cdn.example.com\", \"Media.Example.com\"]",
        ", \"expand\": \"hls\", \"segments\": {\"first_seconds\": 604800}",
        ", \"expand\": \"dash\", \"segments\": {\"first_segments\": 1000000}",
        ", \"expand\": \"auto\", \"segments\": {\"first_segments\": 1}",
    })
    void whatTheValidatorAcceptsTheSchemaAccepts(String extra) {
        VALIDATOR.submission(request(extra));
        assertEquals(List.of(), problems(REQUEST_BODY, request(extra)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        ", \"expand\": \"rss\"",
        ", \"expand_limit\": 10",
        ", \"expand\": \"none\", \"expand_hosts\": [\"cdn.example.com\"]",
        ", \"expand\": \"auto\", \"expand_limit\": 0",
        ", \"expand\": \"auto\", \"expand_limit\": 2.5",
        ", \"expand\": \"auto\", \"expand_hosts\": \"cdn.example.com\"",
        ", \"expand\": \"auto\", \"expand_hosts\": [\"https://cdn.example.com\"]",
        ", \"expand\": \"auto\", \"expand_hosts\": [\"cdn.example.com:8080\"]",
        ", \"expand\": \"hls\", \"segments\": {\"first_seconds\": 10, \"first_segments\": 3}",
        ", \"expand\": \"hls\", \"segments\": {\"first_minutes\": 1}",
        ", \"expand\": \"hls\", \"segments\": {}",
        ", \"expand\": \"hls\", \"segments\": {\"first_segments\": 0}",
        ", \"expand\": \"dash\", \"segments\": {\"first_seconds\": 604801}",
        ", \"expand\": \"sitemap\", \"segments\": {\"first_segments\": 5}",
        ", \"segments\": {\"first_segments\": 5}",
    })
    void whatTheValidatorRefusesTheSchemaRefuses(String extra) {
        refusal(request(extra));
        assertFalse(problems(REQUEST_BODY, request(extra)).isEmpty(), extra);
    }

    @Test
    void theBadRequestExamplesOfPrewarmAreTheValidatorsOwnMessages() {
        Set<String> documented = new TreeSet<>();
        DOC.at("/paths/~1prewarm/post/responses/400/content/application~1json/examples").forEach(e -> documented.add(e.at("/value/message").asText()));
        Set<String> said = new TreeSet<>();
        said.add(refusal("{\"url_list\": [\"https://www.example.com/\"], \"target_type\": \"region\", \"region\": [\"atlantis\"]}"));
        for (String extra : List.of(", \"expand\": \"rss\"", ", \"expand_limit\": 500", ", \"expand\": \"sitemap\", \"segments\": {\"first_segments\": 5}",
                ", \"expand\": \"hls\", \"segments\": {\"first_seconds\": 10, \"first_segments\": 3}",
                ", \"expand\": \"hls\", \"expand_hosts\": [\"https://media.example.com\"]")) {
            said.add(refusal(request(extra)));
        }
        assertEquals(said, documented);
    }

    @Test
    void theStatusExampleShowsEveryVerificationField() {
        JsonNode detail = DOC.at("/paths/~1status/get/responses/200/content/application~1json/example/detail");
        assertTrue(detail.path("tasks").has("verified") && detail.path("tasks").has("notCached"), detail.toString());
        assertEquals("Cache-Control", detail.at("/uncacheable/0/header").asText());
        assertEquals("NOT_CACHED", detail.at("/failures/0/verification").asText());
        assertTrue(detail.at("/failures/0/verify").has("xCache"), detail.toString());
    }

    @Test
    void theRequestFieldsHaveTheValidatorsBounds() {
        JsonNode props = DOC.at("/components/schemas/PrewarmRequest/properties");
        assertEquals("boolean", props.at("/verify/type").asText());
        assertEquals(1, props.at("/max_rate/minimum").asInt());
        assertEquals(RequestValidator.MAX_RATE, props.at("/max_rate/maximum").asInt());
        String request = "{\"url_list\": [\"http://a.com/\"], \"region\": \"all\", %s}";
        String body = "/paths/~1prewarm/post/requestBody/content/application~1json/schema";
        assertEquals(List.of(), problems(body, request.formatted("\"verify\": false, \"max_rate\": 1")));
        for (String refused : List.of("\"max_rate\": 0", "\"max_rate\": 100001", "\"max_rate\": 2.5", "\"verify\": \"no\"")) {
            assertFalse(problems(body, request.formatted(refused)).isEmpty(), refused);
        }
    }

    @Test
    void theReportExampleHasTheColumnsItsDescriptionLists() {
        JsonNode report = DOC.at("/paths/~1report/get");
        Matcher header = Pattern.compile("header line `([a-z_,]+)`").matcher(report.path("description").asText());
        assertTrue(header.find(), report.path("description").asText());
        assertTrue(header.group(1).endsWith(",age,verification,verify_http_status,verify_x_cache,verify_age,verify_x_amz_cf_pop,uncacheable"),
                header.group(1));
        String[] lines = report.at("/responses/200/content/text~1csv/example").asText().split("\r\n");
        assertEquals(header.group(1), lines[0]);
        int columns = lines[0].split(",").length;
        for (int i = 1; i < lines.length; i++) {
            // fields here are quoted only for "gzip, deflate, br"
            assertEquals(columns, lines[i].replace("\"gzip, deflate, br\"", "gzip").split(",", -1).length, lines[i]);
        }
    }
}
