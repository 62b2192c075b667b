package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification end to end (issue 15) on a real broker against the simulator in cache mode, each PoP
 * a cache in front of one counted origin: a verified task is a miss and then a conditional hit at
 * the same PoP, and only then a success; a URL its origin serves uncacheable fails with the header
 * named, in {@code detail.uncacheable}, in the failures and in the CSV report; a first answer that is
 * already a hit needs no second request; {@code "verify": false} sends one request per task.
 */
class VerifyIT {
    private static final String DIST = EdgeSystem.DIST;
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3", "IAD89-P1");
    private static final String BASE = "http://www.example.com";

    @TempDir
    static Path dir;
    private static EdgeSimulator edge;
    private static EdgeSystem system;
    private static Api api;

    @BeforeAll
    static void start() {
        edge = EdgeSimulator.builder().cacheMode(true).bodyBytes(4096).start();
        system = EdgeSystem.start(dir, edge, POPS, Map.of());
        api = system.api();
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
    }

    /** A finished job: its requestID and its last {@code detail=true} answer. */
    private record Finished(String id, JsonNode status) {
    }

    /** Submits {@code urls} at the three PoPs ({@code verify} null: the field left out) and waits for the final detailed status. */
    private static Finished finish(List<String> urls, Boolean verify) {
        String list = urls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        String pops = POPS.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        String id = system.submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", "
                + "\"region\": [" + pops + "]" + (verify == null ? "" : ", \"verify\": " + verify) + "}");
        return new Finished(id, system.awaitFinal(id, Duration.ofSeconds(90)));
    }

    private static List<Request> requestsFor(String path) {
        return edge.requests().stream().filter(r -> r.pathAndQuery().equals(path)).toList();
    }

    private static List<String> failures(JsonNode status, String url) {
        List<String> pops = new ArrayList<>();
        status.path("detail").path("failures").forEach(f -> {
            if (f.path("url").asText().equals(url)) {
                pops.add(f.path("pop").asText());
            }
        });
        return pops;
    }

    private static JsonNode failure(JsonNode status, String url, String pop) {
        for (JsonNode f : status.path("detail").path("failures")) {
            if (f.path("url").asText().equals(url) && f.path("pop").asText().equals(pop)) {
                return f;
            }
        }
        throw new AssertionError("no failure for " + url + " at " + pop + " in " + status);
    }

    @Test
    void byDefaultCacheableTasksAreVerifiedAndUncacheableUrlsFailWithTheirHeaderNamed() {
        List<String> cacheable = List.of(BASE + "/v/a.js", BASE + "/v/b.js", BASE + "/v/c.css");
        String noStore = BASE + "/nocache/no-store/v/account.json";
        String cookie = BASE + "/nocache/set-cookie/v/login.html";
        List<String> urls = new ArrayList<>(cacheable);
        urls.add(noStore);
        urls.add(cookie);

        Finished job = finish(urls, null);
        JsonNode status = job.status();

        assertEquals("FAILED", status.path("status").asText(), status.toString());
        assertEquals(5, status.path("completed").asInt());
        assertEquals(List.of(noStore, cookie).stream().sorted().toList(),
                Api.texts(status.path("failedUrl")).stream().sorted().toList(), status.path("failedUrl").toString());
        JsonNode tasks = status.path("detail").path("tasks");
        assertEquals(9, tasks.path("succeeded").asInt(), tasks.toString());
        assertEquals(6, tasks.path("failed").asInt(), tasks.toString());
        assertEquals(9, tasks.path("verified").asInt(), "every cacheable task at every PoP proven cached: " + tasks);
        assertEquals(6, tasks.path("notCached").asInt(), tasks.toString());

        Map<String, JsonNode> uncacheable = new LinkedHashMap<>();
        status.path("detail").path("uncacheable").forEach(u -> uncacheable.put(u.path("url").asText(), u));
        assertEquals(2, uncacheable.size(), "each URL once, not once per PoP: " + status.path("detail").path("uncacheable"));
        assertEquals("Cache-Control", uncacheable.get(noStore).path("header").asText());
        assertEquals("no-store", uncacheable.get(noStore).path("value").asText());
        assertEquals("Set-Cookie", uncacheable.get(cookie).path("header").asText());
        assertEquals("session=...", uncacheable.get(cookie).path("value").asText(), "the cookie's name, never its value");
        assertEquals(2, status.path("detail").path("uncacheableCount").asInt());
        assertFalse(status.path("detail").path("uncacheableTruncated").asBoolean());

        assertEquals(POPS, failures(status, noStore).stream().sorted().toList());
        JsonNode atl = failure(status, noStore, "ATL56-C1");
        assertEquals("NOT_CACHED", atl.path("verification").asText(), atl.toString());
        assertTrue(atl.path("reason").asText().contains("no-store"), atl.toString());
        assertEquals("Miss from cloudfront", atl.path("verify").path("xCache").asText(), atl.toString());
        assertEquals("ATL56-C1", atl.path("verify").path("cfPop").asText(), "asked again at the same PoP: " + atl);
        assertTrue(failure(status, cookie, "IAD89-P1").path("reason").asText().contains("Set-Cookie"), failure(status, cookie, "IAD89-P1").toString());

        for (String pop : POPS) {
            List<Request> seen = requestsFor("/v/a.js").stream().filter(r -> r.pop().equals(pop)).toList();
            assertEquals(2, seen.size(), "a miss, then the verification, at " + pop + ": " + seen);
            assertNull(seen.get(0).headers().get("if-none-match"), seen.get(0).toString());
            assertNotNull(seen.get(1).headers().get("if-none-match"), "the check is conditional: " + seen.get(1));
        }
        assertEquals(3, edge.originRequests("/v/a.js"), "one miss per PoP; the verification is a hit that never reaches the origin");

        assertReportHasTheVerifyColumns(job.id(), noStore);
    }

    private static void assertReportHasTheVerifyColumns(String id, String noStore) {
        var csv = api.getText("/report?requestID=" + id);
        assertEquals(200, csv.statusCode(), csv.body());
        List<String> lines = csv.body().lines().toList();
        List<String> header = Csv.fields(lines.get(0));
        assertEquals(List.of("age", "verification", "verify_http_status", "verify_x_cache", "verify_age", "verify_x_amz_cf_pop", "uncacheable"),
                header.subList(header.size() - 7, header.size()), lines.get(0));
        assertEquals(16, lines.size(), "a header and 15 tasks: " + csv.body());
        List<Map<String, String>> rows = lines.subList(1, lines.size()).stream().map(l -> Csv.row(header, l)).toList();
        Map<String, String> verified = rows.stream().filter(r -> r.get("url").equals(BASE + "/v/b.js") && r.get("pop").equals("DFW55-C3"))
                .findFirst().orElseThrow();
        assertEquals("SUCCESS", verified.get("outcome"), verified.toString());
        assertEquals("VERIFIED", verified.get("verification"), verified.toString());
        assertEquals("304", verified.get("verify_http_status"), "a conditional hit: " + verified);
        assertEquals("Hit from cloudfront", verified.get("verify_x_cache"), verified.toString());
        assertEquals("DFW55-C3", verified.get("verify_x_amz_cf_pop"), verified.toString());
        assertEquals("", verified.get("uncacheable"), verified.toString());
        Map<String, String> notCached = rows.stream().filter(r -> r.get("url").equals(noStore) && r.get("pop").equals("ATL56-C1"))
                .findFirst().orElseThrow();
        assertEquals("FAILURE", notCached.get("outcome"), notCached.toString());
        assertEquals("NOT_CACHED", notCached.get("verification"), notCached.toString());
        assertEquals("Miss from cloudfront", notCached.get("verify_x_cache"), notCached.toString());
        assertTrue(notCached.get("uncacheable").contains("no-store"), notCached.toString());
    }

    @Test
    void aFirstAnswerAlreadyAHitIsItsOwnProofAndNeedsNoSecondRequest() {
        assertEquals("COMPLETED", finish(List.of(BASE + "/v/again.js"), true).status().path("status").asText());
        int before = requestsFor("/v/again.js").size();

        JsonNode again = finish(List.of(BASE + "/v/again.js"), true).status();

        assertEquals("COMPLETED", again.path("status").asText(), again.toString());
        assertEquals(3, again.path("detail").path("tasks").path("succeeded").asInt(), again.toString());
        assertEquals(before + 3, requestsFor("/v/again.js").size(), "one request per task: the first answer was already a hit");
        assertEquals(3, edge.originRequests("/v/again.js"), "the origin saw the first job's misses only");
    }

    @Test
    void withVerifyFalseEachTaskIsOneRequestAndAnUncacheableUrlFailsAsNotCacheable() {
        String priv = BASE + "/nocache/private/nv/me.json";

        JsonNode status = finish(List.of(BASE + "/nv/a.js", BASE + "/nv/b.js", priv), false).status();

        assertEquals("FAILED", status.path("status").asText(), status.toString());
        JsonNode tasks = status.path("detail").path("tasks");
        assertEquals(6, tasks.path("succeeded").asInt(), tasks.toString());
        assertEquals(0, tasks.path("verified").asInt(), "nothing verified when verification is off: " + tasks);
        for (String path : List.of("/nv/a.js", "/nv/b.js", "/nocache/private/nv/me.json")) {
            assertEquals(3, requestsFor(path).size(), "one request per task for " + path + ": " + requestsFor(path));
        }
        JsonNode f = failure(status, priv, "DFW55-C3");
        assertEquals("not cacheable: Cache-Control: private", f.path("reason").asText(), f.toString());
        assertTrue(f.path("verification").isMissingNode() || f.path("verification").isNull(), "not verified: " + f);
        assertEquals("private", status.path("detail").path("uncacheable").get(0).path("value").asText(), status.path("detail").toString());
    }


    /** RFC 4180 lines as the report writes them: fields in double quotes when they hold a comma, a quote or a line break. */
    static final class Csv {
        private Csv() {
        }

        static List<String> fields(String line) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == ',' && !quoted) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            fields.add(field.toString());
            return fields;
        }

        static Map<String, String> row(List<String> header, String line) {
            List<String> values = fields(line);
            assertEquals(header.size(), values.size(), "a field per column: " + line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), values.get(i));
            }
            return row;
        }
    }
}
