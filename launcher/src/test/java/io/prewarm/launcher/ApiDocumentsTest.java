package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two API documents without a running system: the request body and the completion event are
 * described the same way in {@code /openapi.json} and {@code docs/asyncapi.yaml} (which adds only the
 * record fields: chunk_index, chunk_count, pops, retry_of and part), their own examples are valid, and the
 * schemas really refuse what the code refuses, so the contract ITs' "no problems" means something.
 */
class ApiDocumentsTest {
    private final OpenApiContract openApi = new OpenApiContract(openApiText());
    private final AsyncApiContract asyncApi = new AsyncApiContract();

    private static String openApiText() {
        try (InputStream in = ApiDocumentsTest.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bothDocumentsDescribeTheSameRequestFields() {
        ObjectNode kafka = asyncApi.document().at("/components/schemas/PrewarmRequest/properties").deepCopy();
        kafka.remove(List.of("chunk_index", "chunk_count", "pops", "retry_of", "part"));
        assertEquals(openApi.document().at("/components/schemas/PrewarmRequest/properties"), kafka);
        assertEquals(openApi.document().at("/components/schemas/PrewarmRequest/required"),
                asyncApi.document().at("/components/schemas/PrewarmRequest/required"));
    }

    @Test
    void theCallbackBodyIsTheCompletionEventOfPrewarmStatus() {
        for (String part : List.of("properties", "required", "additionalProperties")) {
            assertEquals(asyncApi.document().at("/components/schemas/JobStatusEvent/" + part),
                    openApi.document().at("/components/schemas/JobStatusEvent/" + part), part);
        }
        assertEquals("#/components/schemas/JobStatusEvent", openApi.document().at("/paths/~1prewarm/post/callbacks/jobFinished")
                .elements().next().at("/post/requestBody/content/application~1json/schema/$ref").asText());
    }

    @Test
    void theDocumentsOwnExamplesAreValid() {
        JsonNode example = openApi.document().at("/paths/~1prewarm/post/requestBody/content/application~1json/example");
        assertEquals(List.of(), openApi.requestBodyProblems("POST", "/prewarm", example.toString()));
        for (String status : List.of("200", "503")) {
            String content = "/paths/~1health~1ready/get/responses/" + status + "/content/application~1json";
            assertEquals(List.of(), openApi.schemaProblems(content + "/schema", openApi.document().at(content + "/example").toString()), status);
        }
        for (String message : List.of("PrewarmRequest", "JobStatus", "Job")) {
            for (JsonNode e : asyncApi.document().at("/components/messages/" + message + "/examples")) {
                assertEquals(List.of(), asyncApi.problems("/components/messages/" + message + "/payload", e.path("payload").toString()), message);
            }
        }
    }

    @Test
    void theSchemasRefuseWhatTheCodeRefuses() {
        assertFalse(openApi.requestBodyProblems("POST", "/prewarm", "{\"url_list\": [\"http://a.com/\"], \"target_type\": \"pop\", \"regoin\": \"all\"}").isEmpty());
        assertFalse(openApi.requestBodyProblems("POST", "/prewarm", "{\"url_list\": [\"ftp://a.com/\"], \"target_type\": \"pop\", \"region\": \"all\"}").isEmpty());
        assertFalse(openApi.requestBodyProblems("POST", "/prewarm",
                "{\"url_list\": [\"http://a.com/\"], \"target_type\": \"pop\", \"region\": \"all\", \"chunk_index\": 0, \"chunk_count\": 2}").isEmpty(),
                "POST /prewarm refuses chunk fields");
        assertFalse(openApi.schemaProblems("/components/schemas/Status",
                "{\"status\": \"DONE\", \"total\": 1, \"completed\": 1, \"inProgress\": 0, \"failedUrl\": [], \"inProgressUrl\": []}").isEmpty());
        assertFalse(openApi.schemaProblems("/components/schemas/Status",
                "{\"status\": \"COMPLETED\", \"total\": 1, \"completed\": 1, \"inProgress\": 0, \"failedUrl\": [], \"inProgressUrl\": [], \"extra\": 1}").isEmpty());
        assertFalse(openApi.schemaProblems("/components/schemas/Error", "{}").isEmpty());
        String ready = "/paths/~1health~1ready/get/responses/%s/content/application~1json/schema";
        assertFalse(openApi.schemaProblems(ready.formatted("200"), "{\"status\": \"DOWN\", \"checks\": {\"kafka\": \"unreachable\"}}").isEmpty(),
                "a 200 is never DOWN");
        assertFalse(openApi.schemaProblems(ready.formatted("503"), "{\"status\": \"DOWN\", \"checks\": {\"kafka\": 1}}").isEmpty(), "details are text");
        String job = "{\"requestID\": \"r\", \"status\": \"COMPLETED\", \"total\": 1, \"completed\": 1, \"failed\": 0, \"createdAt\": 1%s}";
        assertEquals(List.of(), openApi.schemaProblems("/components/schemas/JobList", "{\"jobs\": [" + job.formatted(", \"finishedAt\": 2") + "]}"));
        assertFalse(openApi.schemaProblems("/components/schemas/JobList", "{\"jobs\": [" + job.formatted(", \"pops\": 2") + "]}").isEmpty());
        assertFalse(openApi.schemaProblems("/components/schemas/JobList", "{\"jobs\": [], \"unanswered\": []}").isEmpty());
        assertFalse(openApi.requestBodyProblems("POST", "/prewarm",
                "{\"url_list\": [\"http://a.com/\"], \"region\": \"all\", \"retry_of\": \"r\"}").isEmpty(), "POST /prewarm refuses retry_of");
        assertFalse(openApi.requestBodyProblems("POST", "/prewarm",
                "{\"url_list\": [\"http://a.com/\"], \"region\": \"all\", \"callback_url\": \"ftp://a.com/\"}").isEmpty());
        assertEquals(List.of(), openApi.requestBodyProblems("POST", "/prewarm",
                "{\"url_list\": [\"http://a.com/\"], \"region\": [\"ATL56-C1\"], \"callback_url\": \"https://hooks.example.com/p\"}"),
                "the first seed's form, without target_type");
        String status = "{\"status\": \"%s\", \"total\": 1, \"completed\": 0, \"inProgress\": 1, \"failedUrl\": [], \"inProgressUrl\": [\"http://a.com/\"]%s}";
        assertEquals(List.of(), openApi.schemaProblems("/components/schemas/Status", status.formatted("CANCELLED", "")));
        assertFalse(openApi.schemaProblems("/components/schemas/Status", status.formatted("CANCELLED", ", \"requestID\": \"r\"")).isEmpty(),
                "the status answer has no requestID");
        assertEquals(List.of(), openApi.schemaProblems("/components/schemas/Cancelled", status.formatted("CANCELLED", ", \"requestID\": \"r\"")));
        assertFalse(openApi.schemaProblems("/components/schemas/Cancelled", status.formatted("COMPLETED", ", \"requestID\": \"r\"")).isEmpty());
        assertFalse(openApi.schemaProblems("/components/schemas/Cancelled", status.formatted("CANCELLED", ", \"extra\": 1")).isEmpty());
        String webhook = "{\"url\": \"https://h.example/\", \"deliveryId\": \"d\", \"state\": \"%s\", \"attempts\": 1, \"lastStatus\": null, "
                + "\"nextAttemptAt\": 0, \"deliveredAt\": 0}";
        assertEquals(List.of(), openApi.schemaProblems("/components/schemas/Webhook", webhook.formatted("GAVE_UP")));
        assertFalse(openApi.schemaProblems("/components/schemas/Webhook", webhook.formatted("SENT")).isEmpty());
        assertEquals(List.of(), openApi.schemaProblems("/components/schemas/RetryStarted", "{\"requestID\": \"4f780687-9774-48cd-bd7d-db836abf45af\", "
                + "\"retryOf\": \"r\", \"urls\": 1, \"tasks\": 2}"));
        assertFalse(openApi.requestBodyProblems("GET", "/status", "{\"requestId\": \"r\"}").isEmpty(), "the body names requestID exactly");
        assertEquals(List.of(), openApi.requestBodyProblems("DELETE", "/prewarm", "{\"requestID\": \"r\"}"));
        String event = "{\"requestID\": \"r\", \"status\": \"%s\", \"total\": 1, \"completed\": 0, \"failed\": 0, \"inProgress\": 1, "
                + "\"createdAt\": 1, \"finishedAt\": 2}";
        assertEquals(List.of(), asyncApi.problems(asyncApi.payloadOf("prewarm.cancels"), event.formatted("CANCELLED")));
        assertFalse(asyncApi.problems(asyncApi.payloadOf("prewarm.cancels"), event.formatted("COMPLETED")).isEmpty(), "only CANCELLED events");
        assertFalse(asyncApi.problems("/components/schemas/JobStatusEvent", event.formatted("IN_PROGRESS")).isEmpty(), "never announced");
        String chunk = "{\"url_list\": [\"http://a.com/\"], \"target_type\": \"pop\", \"region\": \"all\", \"chunk_index\": 0%s}";
        assertEquals(List.of(), asyncApi.problems("/components/schemas/PrewarmRequest", chunk.formatted(", \"chunk_count\": 2")));
        assertFalse(asyncApi.problems("/components/schemas/PrewarmRequest", chunk.formatted("")).isEmpty(), "chunk_index needs chunk_count");
        assertTrue(asyncApi.problems("/components/schemas/DeadLetterHeaders", "{\"prewarm.error\": \"body: x\", \"prewarm.source\": \"t-0@1\"}").isEmpty());
        assertFalse(asyncApi.problems("/components/schemas/DeadLetterHeaders", "{\"prewarm.error\": \"body: x\"}").isEmpty());
    }
}
