package io.prewarm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /prewarm} on a real HTTP server, publishing into a {@link RecordingSink}: the answers that need no broker. */
class IngestRoutesTest {
    private static final String VALID = "{\"url_list\": [\"https://www.example.com/a\", \"https://www.example.com/a\", \"https://www.example.com/b\"], "
            + "\"cf_domain\": \"D111111ABCDEF8.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"japan\"]}";
    private static IngestServer server;

    @BeforeAll
    static void start() {
        server = new IngestServer(3);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forget() {
        server.sink().clear();
    }

    private static IngestServer.Reply post(String contentType, String body) {
        return server.post(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(IngestServer.Reply reply) {
        return reply.json().orElseThrow(() -> new AssertionError("not JSON: " + reply.text())).path("message").asText();
    }

    @Test
    void anAcceptedRequestIsPublishedNormalisedWithItsResolvedPops() {
        IngestServer.Reply reply = post("application/json", VALID);
        assertEquals(200, reply.status(), reply.text());
        RecordingSink.Published p = server.sink().published().get(0);
        assertEquals(reply.json().orElseThrow().path("requestID").asText(), p.requestID());
        assertEquals(List.of("https://www.example.com/a", "https://www.example.com/b"), p.request().urlList());
        assertEquals("d111111abcdef8", p.request().dist().orElseThrow());
        assertEquals(List.of("NRT57-P2", "NRT57-P3"), p.request().pops());
    }

    @Test
    void aMistakeIs400NamingTheField() {
        IngestServer.Reply reply = post("application/json", VALID.replace("\"japan\"", "\"atlantis\""));
        assertEquals(400, reply.status());
        assertTrue(message(reply).startsWith("region: "), reply.text());
        assertEquals(0, server.sink().count());
    }

    @Test
    void malformedJsonIs400() {
        IngestServer.Reply reply = post("application/json", "{\"url_list\": [");
        assertEquals(400, reply.status());
        assertTrue(message(reply).startsWith("body: "), reply.text());
    }

    @Test
    void resolvedPopsCannotBeSubmitted() {
        IngestServer.Reply reply = post("application/json", VALID.replace("}", ", \"pops\": [\"ATL56-C1\"]}"));
        assertEquals(400, reply.status());
        assertTrue(message(reply).startsWith("pops: "), reply.text());
    }

    @Test
    void tooManyUrlsIs413() {
        IngestServer.Reply reply = post("application/json",
                VALID.replace("\"https://www.example.com/b\"", "\"https://x.example/1\", \"https://x.example/2\", \"https://x.example/3\""));
        assertEquals(413, reply.status());
        assertTrue(message(reply).startsWith("url_list: "), reply.text());
        assertEquals(0, server.sink().count());
    }

    @Test
    void aBodyThatIsNotJsonByContentTypeIs415() {
        IngestServer.Reply reply = post("text/plain", VALID);
        assertEquals(415, reply.status());
        assertTrue(message(reply).contains("application/json"), reply.text());
        assertEquals(0, server.sink().count());
    }
}
