package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.simulator.Fault;
import io.prewarm.simulator.Request;
import io.prewarm.testing.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warmer's care for the edge end to end (issue 15), on a real broker against the simulator in
 * cache mode: a PoP that answers 503 with {@code Retry-After} is backed off, {@code detail.backoff}
 * says so with the reason while the job's other PoPs finish, and once the PoP recovers its tasks
 * succeed, the job completes and the back-off is gone from the detail; a job's {@code max_rate}
 * caps every request it sends, verifications included, in any one-second window.
 */
class BackoffIT {
    private static final String DIST = EdgeSystem.DIST;
    private static final String OVERLOADED = "ATL56-C1";
    private static final List<String> POPS = List.of(OVERLOADED, "DFW55-C3", "IAD89-P1");
    private static final String BASE = "http://www.example.com";
    private static final String WARMER = "backoff-it-warmer";

    @TempDir
    static Path dir;
    private static EdgeSimulator edge;
    private static EdgeSystem system;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        edge = EdgeSimulator.builder().cacheMode(true).bodyBytes(1024).start();
        // more attempts than the overload has answers: however the 503s fall on tasks, none runs out of attempts
        system = EdgeSystem.start(dir, edge, POPS, Map.of("PREWARM_INSTANCE_ID", WARMER, "PREWARM_WARM_ATTEMPTS", "12"));
        api = system.api();
        // a freshly started JVM sends its first requests in a clump (classes load, the JIT catches up, connections
        // open): a small job first, so the rate check below measures the token buckets rather than the warm-up
        assertEquals("COMPLETED", finish(submit(paths("/warmup/", 4), null, null)).path("status").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        system.close();
    }

    private static List<String> paths(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> BASE + prefix + i + ".js").toList();
    }

    /** Submits {@code urls} at the three PoPs; {@code verify} and {@code maxRate} left out when null. */
    private static String submit(List<String> urls, Boolean verify, Integer maxRate) {
        String list = urls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        String pops = POPS.stream().map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        Api.Reply accepted = api.submit("{\"url_list\": [" + list + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", \"target_type\": \"pop\", "
                + "\"region\": [" + pops + "]" + (verify == null ? "" : ", \"verify\": " + verify)
                + (maxRate == null ? "" : ", \"max_rate\": " + maxRate) + "}");
        assertEquals(200, accepted.status(), accepted.raw().body());
        return accepted.text("requestID");
    }

    private static JsonNode detailed(String id) {
        Api.Reply r = api.get("/status?detail=true&requestID=" + id);
        return r.status() == 200 ? r.body() : null;
    }

    /** The job's last detailed status, once it is no longer in progress. */
    private static JsonNode finish(String id) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last.set(detailed(id));
            return last.get() != null && !last.get().path("status").asText().equals("IN_PROGRESS");
        });
        return last.get();
    }

    private static JsonNode popCounts(JsonNode status, String pop) {
        for (JsonNode p : status.path("detail").path("pops")) {
            if (p.path("pop").asText().equals(pop)) {
                return p;
            }
        }
        return MissingNode.getInstance(); // not counted yet
    }

    @Test
    void anOverloadedPopIsBackedOffAndShownWhileTheOtherPopsFinishThenItsTasksSucceed() {
        int urls = 8;
        // the PoP answers its next 8 requests (as many as it has tasks) 503, Retry-After: 2, then recovers by itself
        edge.fault(EdgeSimulator.ANY_PATH, OVERLOADED, Fault.retryAfter(503, Duration.ofSeconds(2)), urls);

        String id = submit(paths("/backoff/", urls), false, null);

        AtomicReference<JsonNode> during = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode s = detailed(id);
            boolean othersDone = s != null && POPS.stream().skip(1).allMatch(p -> popCounts(s, p).path("succeeded").asInt() == urls);
            if (othersDone && s.path("detail").path("backoff").size() > 0) {
                during.set(s);
                return true;
            }
            return false;
        });
        JsonNode backoff = during.get().path("detail").path("backoff");
        assertEquals(1, backoff.size(), "one warmer, one PoP: " + backoff);
        JsonNode word = backoff.get(0);
        assertEquals(OVERLOADED, word.path("pop").asText(), word.toString());
        assertEquals(WARMER, word.path("warmer").asText(), "named by PREWARM_INSTANCE_ID: " + word);
        assertTrue(word.path("reason").asText().startsWith("HTTP 503 x"), word.toString());
        assertTrue(word.path("reason").asText().contains("Retry-After: 2"), word.toString());
        assertTrue(word.path("retryAt").asLong() > word.path("since").asLong(), word.toString());
        assertEquals("IN_PROGRESS", during.get().path("status").asText(), during.get().toString());
        assertEquals(0, popCounts(during.get(), OVERLOADED).path("succeeded").asInt(), "nothing succeeds at a backed-off PoP: " + during.get());

        JsonNode status = finish(id);

        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(urls, popCounts(status, OVERLOADED).path("succeeded").asInt(), status.toString());
        assertTrue(status.path("detail").path("backoff").isMissingNode() || status.path("detail").path("backoff").isEmpty(),
                "no PoP backed off once the job ended: " + status.path("detail"));
        List<Long> atPop = edge.requests().stream().filter(r -> r.pop().equals(OVERLOADED) && r.pathAndQuery().startsWith("/backoff/"))
                .map(Request::receivedAtNanos).sorted().toList();
        assertEquals(2 * urls, atPop.size(), "the " + urls + " overload answers, then one success per task: " + atPop.size());
        System.out.printf("back-off: the PoP's first answer after the overload (the probe) to its last task: %d ms%n",
                Duration.ofNanos(atPop.get(atPop.size() - 1) - atPop.get(urls)).toMillis());
    }

    @Test
    void aJobsMaxRateCapsEveryRequestItSendsInAnyOneSecondWindow() {
        int maxRate = 40;
        edge.clearRequests();

        // 34 URLs x 3 PoPs, each a miss and then its verification: 204 requests, 5 s at 40 per second
        JsonNode status = finish(submit(paths("/rate/", 34), true, maxRate));

        assertEquals("COMPLETED", status.path("status").asText(), status.toString());
        assertEquals(102, status.path("detail").path("tasks").path("verified").asInt(), status.path("detail").path("tasks").toString());
        Predicate<Request> rate = r -> r.pathAndQuery().startsWith("/rate/");
        int sent = (int) edge.requests().stream().filter(rate).count();
        assertEquals(204, sent, "a miss and a verification per task");
        int burst = (int) Math.max(1, maxRate / 20.0); // one warmer owning every partition: the whole rate and its burst
        int bound = maxRate + burst; // as the edge counts: the simulator records when each request arrives
        int busiest = edge.maxRequestsInAnyWindow(Duration.ofSeconds(1), rate);
        List<Long> arrivals = edge.requests().stream().filter(rate).map(Request::receivedAtNanos).sorted().toList();
        Duration span = Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        System.out.printf("max_rate %d: %d requests over %d ms, the busiest 1 s window held %d%n", maxRate, sent, span.toMillis(), busiest);
        assertTrue(busiest <= bound, "at most " + maxRate + " requests a second + a burst of " + burst + " in any 1 s window, saw " + busiest);
        // the first and the last arrival may each be late by some ms on a busy machine: 200 ms allowed for that
        long leastMs = (sent - burst) * 1000L / maxRate - 200;
        assertTrue(span.toMillis() >= leastMs, "the rate holds over the whole job: " + sent + " requests need " + leastMs + " ms at least, took " + span.toMillis());
    }
}
