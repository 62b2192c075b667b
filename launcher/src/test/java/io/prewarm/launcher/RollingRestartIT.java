package io.prewarm.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.kafka.Ports;
import io.prewarm.simulator.EdgeSimulator;
import io.prewarm.testing.Api;
import io.prewarm.testing.ChildJvm;
import io.prewarm.testing.KafkaCluster;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rolling restart of every Prewarm process on a three-broker cluster (issue 17): two status
 * instances, three warmers, the expander and ingest, each its own OS process, each stopped
 * (SIGTERM) and started again in turn while two jobs run and a client polls {@code GET /status} for
 * both jobs on every status instance. No answer may be wrong (a 200 with a total other than the
 * job's, more completed than total, fewer completed than that instance said before, or a final
 * status before every URL is done; a 404 for a job that exists), no 5xx but a 503 with Retry-After,
 * and both jobs end COMPLETED with exact counts.
 */
class RollingRestartIT {
    private static final String DIST = "d111111abcdef8";
    private static final List<String> POPS = List.of("ATL56-C1", "DFW55-C3");
    private static final int URLS = 700;
    /** Each job's max_rate: 1,400 tasks take at least 140 s, so both jobs run through most of the restarts. */
    private static final int MAX_RATE = 10;

    @TempDir
    Path dir;
    private KafkaCluster cluster;
    private EdgeSimulator edge;
    private final Map<String, Member> processes = new LinkedHashMap<>();
    private final Map<String, ChildJvm> running = new LinkedHashMap<>();
    private final AtomicInteger incarnation = new AtomicInteger();

    /** One process of the system: its name and its settings, the same in each incarnation. */
    private record Member(String name, Map<String, String> env) {
    }

    @BeforeEach
    void setUp() {
        cluster = KafkaCluster.start();
        edge = EdgeSimulator.builder().latency(Duration.ofMillis(50)).start();
        Path hosts = edge.writeHostsFile(dir.resolve("hosts"), DIST, POPS);
        define("ingest", "ingest", Ports.free(), hosts);
        define("expander", "expander", 0, hosts);
        for (int i = 1; i <= 3; i++) {
            define("warmer" + i, "warmer", 0, hosts);
        }
        define("status1", "status", Ports.free(), hosts);
        define("status2", "status", Ports.free(), hosts);
        processes.keySet().forEach(this::launch);
        processes.keySet().forEach(this::awaitUp);
    }

    private void define(String name, String role, int httpPort, Path hosts) {
        Map<String, String> env = new HashMap<>(cluster.prewarmEnv());
        env.put("PREWARM_ROLES", role);
        env.put("PREWARM_DATA_DIR", dir.resolve(name).toString());
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_WARMER_MAX_IN_FLIGHT", "8");
        env.put("PREWARM_VERIFY", "false");
        if (httpPort > 0) {
            env.put("PREWARM_HTTP_PORT", String.valueOf(httpPort));
        }
        processes.put(name, new Member(name, env));
    }

    private void launch(String name) {
        running.put(name, ChildJvm.start(PrewarmMain.class.getName(), processes.get(name).env(),
                dir.resolve(name + "-" + incarnation.incrementAndGet() + ".log")));
    }

    /** Up: the process says it runs, and a status instance is ready to answer. */
    private void awaitUp(String name) {
        running.get(name).awaitLog("prewarm running", Duration.ofMinutes(2));
        if (name.startsWith("status")) {
            Api api = api(name);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> api.get("/health/ready").status() == 200);
        }
    }

    private Api api(String name) {
        return new Api(Integer.parseInt(processes.get(name).env().get("PREWARM_HTTP_PORT")));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (ChildJvm p : running.values()) {
            p.close();
        }
        edge.close();
        cluster.close();
    }

    @Test
    void restartingEveryProcessInTurnWhileTwoJobsRunGivesNoWrongAnswerAndLosesNothing() throws Exception {
        List<String> jobs = List.of(submit("a", MAX_RATE), submit("b", MAX_RATE));
        List<String> wrong = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
        Map<String, Integer> seen = new ConcurrentHashMap<>(); // the most completed URLs any answer gave, per job
        ScheduledExecutorService client = Executors.newScheduledThreadPool(2); // the polling client, a round every 200 ms per instance
        for (String instance : List.of("status1", "status2")) {
            Poller poller = new Poller(api(instance), instance, jobs, wrong, answers, seen);
            client.scheduleWithFixedDelay(poller::round, 0, 200, TimeUnit.MILLISECONDS);
        }

        List<String> progress = new ArrayList<>();
        for (String name : new ArrayList<>(processes.keySet())) {
            progress.add(name + " at " + jobs.stream().map(id -> seen.getOrDefault(id, 0) + "/" + URLS).collect(Collectors.joining(" and ")));
            ChildJvm p = running.get(name);
            p.terminate();
            p.awaitExit(Duration.ofSeconds(60)); // a clean stop drains within 30 s
            launch(name);
            awaitUp(name);
        }

        Map<String, JsonNode> finals = new HashMap<>();
        try {
            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                for (String id : jobs) {
                    Api.Reply r = api("status1").get("/status?detail=true&requestID=" + id);
                    finals.put(id, r.body());
                    if (r.status() != 200 || r.text("status").equals("IN_PROGRESS")) {
                        return false;
                    }
                }
                return true;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the jobs did not end after the restarts (restarts began at " + progress + "); last answers: " + finals, e);
        }
        client.shutdown();
        assertTrue(client.awaitTermination(40, TimeUnit.SECONDS), "the polling client stopped");
        for (String id : jobs) {
            JsonNode status = finals.get(id);
            assertEquals("COMPLETED", status.path("status").asText(), status.toString());
            assertEquals(URLS, status.path("completed").asInt(), status.toString());
            assertEquals(URLS * POPS.size(), status.path("detail").path("tasks").path("succeeded").asInt(), status.toString());
            assertEquals(0, status.path("detail").path("tasks").path("failed").asInt(), status.toString());
        }
        System.out.printf("rolling restart of %d processes (jobs' completed URLs as each restart began: %s): answers by kind %s; %d wrong%n",
                processes.size(), String.join(", ", progress), answers, wrong.size());
        assertEquals(List.of(), wrong, "no wrong answer");
        assertTrue(answers.getOrDefault("200", new AtomicInteger()).get() > 0, "the pollers got answers: " + answers);
    }

    /** Submits a job of {@value #URLS} URLs at both PoPs, paced by {@code maxRate} so it lasts through the restarts. */
    private String submit(String name, int maxRate) {
        String urls = IntStream.range(0, URLS).mapToObj(i -> "\"http://www.example.com/rolling/" + name + "/" + i + "\"")
                .collect(Collectors.joining(","));
        Api.Reply r = api("ingest").submit("{\"url_list\": [" + urls + "], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"target_type\": \"pop\", \"region\": [\"ATL56-C1\", \"DFW55-C3\"], \"max_rate\": " + maxRate + "}");
        assertEquals(200, r.status(), r.raw().body());
        return r.text("requestID");
    }

    /** One client of one status instance: each round asks for both jobs and notes every answer that is wrong. */
    private record Poller(Api api, String instance, List<String> jobs, List<String> wrong, Map<String, AtomicInteger> answers,
                          Map<String, Integer> seen, Map<String, Integer> lastCompleted) {
        Poller(Api api, String instance, List<String> jobs, List<String> wrong, Map<String, AtomicInteger> answers, Map<String, Integer> seen) {
            this(api, instance, jobs, wrong, answers, seen, new ConcurrentHashMap<>());
        }

        void round() {
            for (String id : jobs) {
                Api.Reply r;
                try {
                    r = api.status(id);
                } catch (UncheckedIOException e) {
                    answers.computeIfAbsent("no connection", k -> new AtomicInteger()).incrementAndGet(); // restarting: no answer, not a wrong one
                    continue;
                }
                answers.computeIfAbsent(String.valueOf(r.status()), k -> new AtomicInteger()).incrementAndGet();
                String what = instance + " " + id + ": " + r.status() + " " + r.raw().body();
                if (r.status() == 503) {
                    if (r.raw().headers().firstValue("Retry-After").isEmpty()) {
                        wrong.add("503 without Retry-After: " + what);
                    }
                } else if (r.status() != 200) {
                    wrong.add(what);
                } else {
                    int total = r.body().path("total").asInt();
                    int completed = r.body().path("completed").asInt();
                    String status = r.body().path("status").asText();
                    if (total != URLS || completed > total || completed < lastCompleted.getOrDefault(id, 0)
                            || !status.equals("IN_PROGRESS") && !(status.equals("COMPLETED") && completed == total)) {
                        wrong.add(what + " (this instance said " + lastCompleted.getOrDefault(id, 0) + " completed before)");
                    }
                    lastCompleted.merge(id, completed, Math::max);
                    seen.merge(id, completed, Math::max);
                }
            }
        }
    }
}
