package io.prewarm.ingest;

import static io.prewarm.ingest.TestBodies.concat;
import static io.prewarm.ingest.TestBodies.gzip;
import static io.prewarm.ingest.TestBodies.latin1;
import static io.prewarm.ingest.TestBodies.oversized;
import static io.prewarm.ingest.TestBodies.urls;
import static io.prewarm.ingest.TestBodies.utf8;
import static io.prewarm.ingest.TestBodies.valid;
import static io.prewarm.ingest.TestBodies.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6, "bad input over REST": a corpus of wrong bodies sent to the real {@code POST /prewarm}
 * (real HTTP server, routes and validator; a recording sink instead of Kafka). Each must be
 * answered with the expected 4xx and a JSON {@code {"message": "<field>: ..."}} naming the field,
 * and none may reach the sink. Bodies are written with ' for " to keep the table readable.
 */
class BadInputTest {
    private static final int MAX_URLS = 50;
    private static final String JSON = "application/json";
    private static IngestServer server;

    /** What is sent: Content-Type, raw bytes, whether without a Content-Length, and a Content-Encoding (or null). */
    record Body(String contentType, byte[] bytes, boolean chunked, String contentEncoding) {
        Body(String contentType, byte[] bytes, boolean chunked) {
            this(contentType, bytes, chunked, null);
        }
    }

    @BeforeAll
    static void start() {
        server = new IngestServer(MAX_URLS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void forgetEarlierPublishes() {
        server.sink().clear();
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
            // the body as a whole
            row("empty body", "", 400, "body"),
            row("only whitespace", " \n\t ", 400, "body"),
            row("not JSON", "hello", 400, "body"),
            row("truncated JSON", "{'url_list': [", 400, "body"),
            row("JSON null", "null", 400, "body"),
            row("a list where an object is expected", "[" + valid() + "]", 400, "body"),
            row("a string", "'url_list'", 400, "body"),
            row("a number", "42", 400, "body"),
            row("empty object", "{}", 400, "url_list"),
            row("trailing garbage after the JSON", valid() + " xyz", 400, "body"),
            row("two objects in a row", valid() + valid(), 400, "body"),
            row("trailing comma", valid().replace("}", ",}"), 400, "body"),
            row("single-quoted JSON", new Body(JSON, utf8(valid().replace('"', '\'')), false), 400, "body"),
            row("a comment", "/* hi */" + valid(), 400, "body"),
            row("NaN", with("timeout_minutes", "NaN"), 400, "body"),
            row("Infinity", with("timeout_minutes", "-Infinity"), 400, "body"),
            row("unescaped line break in a string", with("cf_domain", "'d1.cloud\nfront.net'"), 400, "body"),
            row("nesting 5000 deep", with("region", "[".repeat(5000) + "]".repeat(5000)), 400, "body"),
            row("nesting 100 deep", with("region", "[".repeat(100) + "]".repeat(100)), 400, "region[0]"),
            row("a 2000-digit number", with("timeout_minutes", "9".repeat(2000)), 400, "body"),
            row("duplicate url_list", valid().replace("{", "{'url_list': ['https://evil.example/'], "), 400, "url_list"),
            row("duplicate header name", with("headers", "{'X-A': '1', 'X-A': '2'}"), 400, "headers.X-A"),
            row("Latin-1 byte, not UTF-8", new Body(JSON, latin1(with("url_list", "['https://www.example.com/caf\u00e9']")), false), 400, "body"),
            row("byte order mark", new Body(JSON, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(valid())), false), 400, "body"),
            row("UTF-16 encoded", new Body(JSON, valid().getBytes(StandardCharsets.UTF_16), false), 400, "body"),
            row("a NUL byte", new Body(JSON, concat(utf8(valid()), new byte[] {0}), false), 400, "body"),
            row("over 16 MiB with Content-Length", new Body(JSON, oversized(), false), 413, "body"),
            row("over 16 MiB, chunked", new Body(JSON, oversized(), true), 413, "body"),
            row("unknown field", with("regoin", "['us']"), 400, "regoin"),
            row("field name with an unpaired surrogate", with("\\ud800", "1"), 400, "body"),
            row("duplicate inside a list", with("region", "[{'a': 1, 'a': 2}]"), 400, "region[0].a"),
            row("unknown field requestID", with("requestID", "'" + UUID.randomUUID() + "'"), 400, "requestID"),
            // url_list
            row("url_list missing", with("url_list", null), 400, "url_list"),
            row("url_list null", with("url_list", "null"), 400, "url_list"),
            row("url_list empty", with("url_list", "[]"), 400, "url_list"),
            row("url_list a string", with("url_list", "'https://www.example.com/a'"), 400, "url_list"),
            row("url_list an object", with("url_list", "{'0': 'https://www.example.com/a'}"), 400, "url_list"),
            row("url_list [null]", with("url_list", "[null]"), 400, "url_list[0]"),
            row("url_list [42]", with("url_list", "[42]"), 400, "url_list[0]"),
            row("url_list [true]", with("url_list", "[true]"), 400, "url_list[0]"),
            row("url_list nested list", with("url_list", "[['https://www.example.com/a']]"), 400, "url_list[0]"),
            row("empty URL", with("url_list", "['']"), 400, "url_list[0]"),
            row("blank URL", with("url_list", "['   ']"), 400, "url_list[0]"),
            row("ftp URL", with("url_list", "['ftp://www.example.com/a']"), 400, "url_list[0]"),
            row("file URL", with("url_list", "['file:///etc/passwd']"), 400, "url_list[0]"),
            row("javascript URL", with("url_list", "['javascript:alert(1)']"), 400, "url_list[0]"),
            row("relative URL", with("url_list", "['https://www.example.com/a', '/index.html']"), 400, "url_list[1]"),
            row("scheme-relative URL", with("url_list", "['//www.example.com/a']"), 400, "url_list[0]"),
            row("user and password", with("url_list", "['https://user:pw@www.example.com/a']"), 400, "url_list[0]"),
            row("user without password", with("url_list", "['https://user@www.example.com/a']"), 400, "url_list[0]"),
            row("fragment", with("url_list", "['https://www.example.com/a#top']"), 400, "url_list[0]"),
            row("no host", with("url_list", "['https:///a']"), 400, "url_list[0]"),
            row("space in URL", with("url_list", "['https://www.example.com/a b']"), 400, "url_list[0]"),
            row("control character in URL", with("url_list", "['https://www.example.com/a\\u0007b']"), 400, "url_list[0]"),
            row("unpaired surrogate in URL", with("url_list", "['https://www.example.com/\\ud800']"), 400, "url_list[0]"),
            row("URL over 4096 characters", with("url_list", "['https://www.example.com/" + "a".repeat(4100) + "']"), 400, "url_list[0]"),
            row("the API example's {host} left in", with("url_list", "['https://{host}/index.html', 'https://{host}/images/demo.png']"), 400, "url_list[0]"),
            row("bad fourth URL", with("url_list", "['https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'gopher://a.example/4']"), 400, "url_list[3]"),
            row("51 URLs", with("url_list", urls(MAX_URLS + 1)), 413, "url_list"),
            row("51 numbers", with("url_list", "[" + "1,".repeat(MAX_URLS) + "1]"), 413, "url_list"),
            // cf_domain
            row("cf_domain elsewhere", with("cf_domain", "'evil.example.com'"), 400, "cf_domain"),
            row("cf_domain bare cloudfront.net", with("cf_domain", "'cloudfront.net'"), 400, "cf_domain"),
            row("cf_domain as a prefix", with("cf_domain", "'d1.cloudfront.net.evil.com'"), 400, "cf_domain"),
            row("cf_domain with scheme", with("cf_domain", "'https://d1.cloudfront.net'"), 400, "cf_domain"),
            row("cf_domain empty", with("cf_domain", "''"), 400, "cf_domain"),
            row("cf_domain a number", with("cf_domain", "1"), 400, "cf_domain"),
            row("cf_domain a list", with("cf_domain", "['d1.cloudfront.net']"), 400, "cf_domain"),
            // protocol
            row("protocol ftp", with("protocol", "'ftp'"), 400, "protocol"),
            row("protocol empty", with("protocol", "''"), 400, "protocol"),
            row("protocol a port number", with("protocol", "443"), 400, "protocol"),
            // target_type
            row("target_type missing, PoP ids and region codes mixed", with("target_type", null, "region", "['ATL56-C1', 'us']"), 400, "target_type"),
            row("target_type null, countries and region codes mixed", with("target_type", "null", "region", "['japan', 'eu']"), 400, "target_type"),
            row("target_type unknown", with("target_type", "'planet'"), 400, "target_type"),
            row("target_type blank", with("target_type", "'  '"), 400, "target_type"),
            row("target_type a list", with("target_type", "['pop']"), 400, "target_type"),
            // region
            row("region missing", with("region", null), 400, "region"),
            row("region empty list", with("region", "[]"), 400, "region"),
            row("region an object", with("region", "{'us': true}"), 400, "region"),
            row("region a number", with("region", "1"), 400, "region"),
            row("region [null]", with("region", "['us', null]"), 400, "region[1]"),
            row("region ['']", with("region", "['']"), 400, "region[0]"),
            row("region blank string", with("region", "'  '"), 400, "region"),
            row("unknown region", with("region", "['us', 'mars']"), 400, "region"),
            row("unknown country", with("target_type", "'country'", "region", "['atlantis']"), 400, "region"),
            row("PoP id without suffix", with("target_type", "'pop'", "region", "['ATL56']"), 400, "region"),
            row("PoP id with junk", with("target_type", "'pop'", "region", "['ATL56-C1; rm']"), 400, "region"),
            row("PoP id a path", with("target_type", "'pop'", "region", "['../../etc']"), 400, "region"),
            // headers
            row("headers a list", with("headers", "['User-Agent: x']"), 400, "headers"),
            row("header value with CR LF", with("headers", "{'X-A': '1\\r\\nX-B: 2'}"), 400, "headers.X-A"),
            row("header value with LF", with("headers", "{'X-A': '1\\nX-B: 2'}"), 400, "headers.X-A"),
            row("header value a number", with("headers", "{'X-A': 1}"), 400, "headers.X-A"),
            row("header value null", with("headers", "{'X-A': null}"), 400, "headers.X-A"),
            row("header name with space", with("headers", "{'X A': '1'}"), 400, "headers"),
            row("header name with colon", with("headers", "{'X-A:': '1'}"), 400, "headers"),
            row("header Host", with("headers", "{'Host': 'evil.example'}"), 400, "headers.Host"),
            row("header Transfer-Encoding", with("headers", "{'transfer-encoding': 'chunked'}"), 400, "headers.transfer-encoding"),
            row("header Accept-Encoding", with("headers", "{'Accept-Encoding': 'br'}"), 400, "headers.Accept-Encoding"),
            row("21 headers", with("headers", IntStream.range(0, 21).mapToObj(i -> "'X-" + i + "': 'v'")
                    .collect(Collectors.joining(", ", "{", "}"))), 400, "headers"),
            // encodings
            row("encodings a string", with("encodings", "'gzip'"), 400, "encodings"),
            row("encodings empty", with("encodings", "[]"), 400, "encodings"),
            row("9 encodings", with("encodings", "['a','b','c','d','e','f','g','h','i']"), 400, "encodings"),
            row("encoding with CR LF", with("encodings", "['gzip\\r\\nX: y']"), 400, "encodings[0]"),
            row("encoding null", with("encodings", "['br', null]"), 400, "encodings[1]"),
            row("encoding an object", with("encodings", "[{'gzip': 1}]"), 400, "encodings[0]"),
            // timeout_minutes
            row("timeout 0", with("timeout_minutes", "0"), 400, "timeout_minutes"),
            row("timeout negative", with("timeout_minutes", "-5"), 400, "timeout_minutes"),
            row("timeout over a week", with("timeout_minutes", "10081"), 400, "timeout_minutes"),
            row("timeout as a string", with("timeout_minutes", "'60'"), 400, "timeout_minutes"),
            row("timeout fractional", with("timeout_minutes", "1.5"), 400, "timeout_minutes"),
            row("timeout in exponent form", with("timeout_minutes", "1e3"), 400, "timeout_minutes"),
            row("timeout beyond long", with("timeout_minutes", "99999999999999999999"), 400, "timeout_minutes"),
            row("timeout a boolean", with("timeout_minutes", "true"), 400, "timeout_minutes"),
            // chunk fields are for records produced to Kafka directly; the REST API chunks itself
            row("chunk_index alone", with("chunk_index", "0"), 400, "chunk_index"),
            row("chunk_index past chunk_count", with("chunk_index", "2", "chunk_count", "2"), 400, "chunk_index"),
            row("chunk fields over REST", with("chunk_index", "0", "chunk_count", "2"), 400, "chunk_index"),
            // callback_url (this server has no PREWARM_WEBHOOK_SECRET: see IngestRoutesTest for one that has)
            row("callback_url without a webhook secret", with("callback_url", "'https://hooks.example.com/prewarm'"), 400, "callback_url"),
            row("callback_url a number", with("callback_url", "8080"), 400, "callback_url"),
            row("callback_url a list", with("callback_url", "['https://hooks.example.com/prewarm']"), 400, "callback_url"),
            row("callback_url empty", with("callback_url", "''"), 400, "callback_url"),
            // Content-Type
            row("text/plain", new Body("text/plain", utf8(valid()), false), 415, "Content-Type"),
            row("form encoded (curl's default)", new Body("application/x-www-form-urlencoded", utf8(valid()), false), 415, "Content-Type"),
            row("multipart", new Body("multipart/form-data; boundary=x", utf8(valid()), false), 415, "Content-Type"),
            row("a look-alike type", new Body("application/jsonp", utf8(valid()), false), 415, "Content-Type"),
            row("unknown charset", new Body(JSON + "; charset=klingon", utf8(valid()), false), 415, "Content-Type"),
            row("gzip-compressed", new Body(JSON, gzip(valid()), false, "gzip"), 415, "Content-Encoding"),
            row("malformed charset", new Body(JSON + "; charset=\"", utf8(valid()), false), 415, "Content-Type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void aBadBodyIsRefusedNamingTheFieldAndNothingIsPublished(String name, Body body, int status, String field) {
        IngestServer.Reply reply = server.post(body.contentType(), body.contentEncoding(), body.bytes(), body.chunked());

        assertEquals(status, reply.status(), reply.text());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        JsonNode json = reply.json().orElseThrow(() -> new AssertionError("not JSON: " + reply.text()));
        assertTrue(json.isObject() && json.size() == 1 && json.path("message").isTextual(), reply.text());
        String message = json.get("message").asText();
        assertTrue(message.startsWith(field + ": "), "expected '" + field + ": ...', got: " + message);
        assertEquals(0, server.sink().count(), "a refused body was published");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "application/vnd.prewarm+json"})
    void aValidBodyIsPublishedOnceAndAnsweredWithItsRequestId(String contentType) {
        IngestServer.Reply reply = server.post(contentType, utf8(with("url_list", "['https://www.example.com/a', 'https://www.example.com/a']")));

        assertEquals(200, reply.status(), reply.text());
        String id = reply.json().orElseThrow().path("requestID").asText();
        assertEquals(id, UUID.fromString(id).toString());
        List<RecordingSink.Published> published = server.sink().published();
        assertEquals(1, published.size());
        assertEquals(id, published.get(0).requestID());
        assertEquals(List.of("https://www.example.com/a"), published.get(0).request().urlList());
    }

    // ---- building the table ----

    private static Arguments row(String name, String body, int status, String field) {
        return row(name, new Body(JSON, utf8(body.replace('\'', '"')), false), status, field);
    }

    private static Arguments row(String name, Body body, int status, String field) {
        return Arguments.of(name, body, status, field);
    }
}
