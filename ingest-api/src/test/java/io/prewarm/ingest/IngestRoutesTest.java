package io.prewarm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.PrewarmRequest;
import io.prewarm.contract.WebhookPolicy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /prewarm} on a real HTTP server, publishing into a {@link RecordingSink}: the answers that need no broker. */
class IngestRoutesTest {
    private static final String VALID = "{\"url_list\": [\"https://www.example.com/a\", \"https://www.example.com/a\", \"https://www.example.com/b\"], "
            + "\"cf_domain\": \"D111111ABCDEF8.cloudfront.net\", \"target_type\": \"country\", \"region\": [\"japan\"]}";
    /** The first seed's (000) example body, {@code {host}} filled in; {@code %s} is its {@code region}. */
    private static final String FIRST_SEED = "{\"url_list\": [\"https://www.example.com/index.html\", \"https://www.example.com/images/demo.png\"], "
            + "\"cf_domain\": \"d3hvi5wvyqg3lv.cloudfront.net\", \"region\": %s}";
    /** The 001 seed's request example as written, {@code {host}} filled in. */
    private static final String SECOND_SEED = """
            {
                "url_list": [
                    "https://www.example.com/index.html",
                    "https://www.example.com/images/demo.png"
                ],
                "target_type":"country",
                "cf_domain": "d3hvi5wvyqg3lv.cloudfront.net",\s
                "region": ["china","india","japan","new_zealand","australia","malaysia","indonesia","philippines","singapore","thailand","vietnam","south_korea"],
                "protocol": "http"
            }
            """;
    private static final WebhookPolicy SIGNED_NOTHING_ALLOWED = new WebhookPolicy(Optional.of("s3cret"), List.of());
    private static IngestServer server;
    /** Has a webhook secret but no PREWARM_WEBHOOK_ALLOW. */
    private static IngestServer signed;

    @BeforeAll
    static void start() {
        server = new IngestServer(3);
        signed = new IngestServer(3, SIGNED_NOTHING_ALLOWED);
    }

    @AfterAll
    static void stop() {
        server.close();
        signed.close();
    }

    @BeforeEach
    void forget() {
        server.sink().clear();
        signed.sink().clear();
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[\"ATL56-C1\", \"DFW55-C3\"]|pop",
        "\"all\"|region",
        "\"apac\"|region"})
    void theFirstSeedsBodyWithoutTargetTypeIsAccepted(String region, String inferred) {
        IngestServer.Reply reply = post("application/json", FIRST_SEED.formatted(region));
        assertEquals(200, reply.status(), reply.text());
        PrewarmRequest published = server.sink().published().get(0).request();
        assertEquals(inferred, published.targetType());
        assertEquals("d3hvi5wvyqg3lv", published.dist().orElseThrow());
        if (inferred.equals("pop")) {
            assertEquals(List.of("ATL56-C1", "DFW55-C3"), published.pops());
        } else {
            assertFalse(published.pops().isEmpty(), "the region resolves to PoPs");
        }
    }

    @Test
    void theSecondSeedsExampleBodyIsAccepted() {
        IngestServer.Reply reply = post("application/json", SECOND_SEED);
        assertEquals(200, reply.status(), reply.text());
        PrewarmRequest published = server.sink().published().get(0).request();
        assertEquals("country", published.targetType());
        assertEquals(12, published.region().size());
        assertFalse(published.pops().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/hook"})
    void aCallbackToAnInternalAddressIsRefusedUnlessTheOperatorAllowsIt(String callback) {
        IngestServer.Reply reply = signed.post("application/json", TestBodies.utf8(TestBodies.with("callback_url", "'" + callback + "'")));
        assertEquals(400, reply.status(), reply.text());
        assertTrue(message(reply).startsWith("callback_url: "), reply.text());
        assertTrue(message(reply).contains("PREWARM_WEBHOOK_ALLOW"), reply.text());
        assertEquals(0, signed.sink().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"'ftp://hooks.example.com/prewarm'", "'hooks.example.com/prewarm'", "'https://user:pw@hooks.example.com/'", "443", "true"})
    void aCallbackThatIsNotAnHttpUrlIsRefusedEvenWithASecret(String callback) {
        IngestServer.Reply reply = signed.post("application/json", TestBodies.utf8(TestBodies.with("callback_url", callback)));
        assertEquals(400, reply.status(), reply.text());
        assertTrue(message(reply).startsWith("callback_url: "), reply.text());
        assertEquals(0, signed.sink().count());
    }

    @Test
    void aCallbackWithoutAWebhookSecretIsRefusedSayingSo() {
        IngestServer.Reply reply = post("application/json", TestBodies.with("callback_url", "'http://127.0.0.1:9/hook'"));
        assertEquals(400, reply.status(), reply.text());
        assertTrue(message(reply).startsWith("callback_url: "), reply.text());
        assertTrue(message(reply).contains("PREWARM_WEBHOOK_SECRET"), reply.text());
    }

    @Test
    void anAllowedCallbackIsPublishedWithTheRequest() {
        WebhookPolicy allowLoopback = new WebhookPolicy(Optional.of("s3cret"), List.of(WebhookPolicy.Cidr.parse("127.0.0.0/8")));
        try (IngestServer allowing = new IngestServer(3, allowLoopback)) {
            IngestServer.Reply reply = allowing.post("application/json", TestBodies.utf8(TestBodies.with("callback_url", "'http://127.0.0.1:9/hook'")));
            assertEquals(200, reply.status(), reply.text());
            assertEquals("http://127.0.0.1:9/hook", allowing.sink().published().get(0).request().callbackUrl());
        }
    }
}
