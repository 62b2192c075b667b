package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.prewarm.contract.Json;
import io.prewarm.contract.RequestValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document this module serves, on its own: every JSON example it shows is valid against
 * the schema beside it (a reader copies examples), the request fields' bounds are the validator's,
 * and the CSV report's example has the columns its description lists. The launcher's contract tests
 * check real answers against the same document.
 */
class OpenApiDocumentTest {
    private static final String BASE = "https://prewarm.test/openapi.json";
    private static final String TEXT = text();
    private static final JsonNode DOC = parse(TEXT);
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

    /** JSON pointers of every {@code application/json} media type object that has an example. */
    private static void jsonExamples(JsonNode node, String pointer, List<String> found) {
        if (node.isObject()) {
            if (pointer.endsWith("/application~1json") && node.has("example") && node.has("schema")) {
                found.add(pointer);
            }
            node.fields().forEachRemaining(f -> jsonExamples(f.getValue(), pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), found));
        }
    }

    @Test
    void everyJsonExampleIsValidAgainstItsSchema() {
        List<String> media = new ArrayList<>();
        jsonExamples(DOC.path("paths"), "/paths", media);
        jsonExamples(DOC.path("components"), "/components", media);
        assertTrue(media.contains("/paths/~1status/get/responses/200/content/application~1json"), media.toString());
        for (String m : media) {
            assertEquals(List.of(), problems(m + "/schema", DOC.at(m + "/example").toString()), m);
        }
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
