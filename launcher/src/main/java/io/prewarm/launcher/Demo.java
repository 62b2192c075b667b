package io.prewarm.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.simulator.EdgeSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code ./prewarm demo}: the whole system against the edge simulator, for someone without a
 * CloudFront distribution. The simulator plays every catalog PoP, each a cache in front of one
 * origin (cache mode); the warmer reaches it through a hosts file, ports and a CA file, the same
 * settings a real deployment can use. A sample job is submitted over the REST API with
 * verification on and followed until it ends: 20 cacheable URLs are proven cached at every PoP, and
 * one URL its origin serves with {@code Cache-Control: no-store} fails, named with that header,
 * which is what verification is for.
 */
public final class Demo {
    static final String DIST = "d111111abcdef8";
    static final int CACHEABLE_URLS = 20;
    /** The simulator's origin answers every path under /nocache/no-store/ with Cache-Control: no-store. */
    static final String UNCACHEABLE_URL = "https://www.example.com/nocache/no-store/demo/account.json";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Demo() {
    }

    /** Runs the demo; returns the job's final status answer. The system is left running unless {@code exit}. */
    public static JsonNode run(Map<String, String> environment, PrintStream out, boolean exit) throws Exception {
        Path dataDir = Path.of(environment.getOrDefault("PREWARM_DATA_DIR", "./data")).resolve("demo");
        Files.createDirectories(dataDir);
        PopCatalog catalog = PopCatalog.load(Optional.empty());
        List<String> pops = new ArrayList<>(catalog.allRegionPops());
        EdgeSimulator edge = EdgeSimulator.builder().cacheMode(true).latency(Duration.ofMillis(20)).bodyBytes(16 * 1024)
                .tlsHostnames(List.of("www.example.com", "img.example.com")).start();
        Path hosts = edge.writeHostsFile(dataDir.resolve("edge-hosts"), DIST, pops);
        Map<String, String> env = new HashMap<>(environment);
        env.put("PREWARM_DATA_DIR", dataDir.toString());
        env.putIfAbsent("PREWARM_KAFKA_PORT", "0");
        env.put("PREWARM_HOSTS_FILE", hosts.toString());
        env.put("PREWARM_EDGE_HTTP_PORT", String.valueOf(edge.httpPort()));
        env.put("PREWARM_EDGE_HTTPS_PORT", String.valueOf(edge.httpsPort()));
        env.put("PREWARM_TLS_CA_FILE", edge.caPem().toString());
        env.putIfAbsent("PREWARM_SHOW_SUCCESS_URLS", "true");
        out.printf("edge simulator: %d PoPs on http :%d / https :%d (hosts file %s)%n", pops.size(), edge.httpPort(), edge.httpsPort(), hosts);
        Optional.ofNullable(System.getProperty("prewarm.log.file")).ifPresent(log -> out.printf("the system's log: %s%n", log));
        Prewarm prewarm = Prewarm.start(env);
        String base = "http://127.0.0.1:" + prewarm.httpPort();
        try {
            String id = submit(base, out);
            JsonNode last = follow(base, id, out);
            out.printf("%nfinal status: %s%n", last.path("status").asText());
            explain(last, out);
            out.printf("detail:  curl -s '%s/status?requestID=%s&detail=true'%n", base, id);
            out.printf("report:  curl -s '%s/report?requestID=%s'%n", base, id);
            if (!exit) {
                out.println("the system keeps running with the simulator; Ctrl-C stops it");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    prewarm.close();
                    edge.close();
                }));
                Thread.currentThread().join();
            }
            return last;
        } finally {
            if (exit) {
                prewarm.close();
                edge.close();
            }
        }
    }

    /** What verification found: the tasks proven cached, and each URL the edge may not cache with the header that says so. */
    private static void explain(JsonNode last, PrintStream out) {
        JsonNode detail = last.path("detail");
        out.printf("verified: %d tasks proven in their PoP's cache, %d not cached%n", detail.path("tasks").path("verified").asLong(),
                detail.path("tasks").path("notCached").asLong());
        for (JsonNode u : detail.path("uncacheable")) {
            out.printf("uncacheable: %s (%s: %s): its tasks fail, as they should%n", u.path("url").asText(), u.path("header").asText(),
                    u.path("value").asText());
        }
    }

    private static String submit(String base, PrintStream out) throws IOException, InterruptedException {
        String urls = IntStream.range(0, CACHEABLE_URLS).mapToObj(i -> "\"https://" + (i % 2 == 0 ? "www" : "img") + ".example.com/demo/asset-" + i + ".js\"")
                .collect(Collectors.joining(", "));
        String body = "{\"url_list\": [" + urls + ", \"" + UNCACHEABLE_URL + "\"], \"cf_domain\": \"" + DIST + ".cloudfront.net\", "
                + "\"protocol\": \"https\", \"target_type\": \"region\", \"region\": \"all\", \"verify\": true}";
        out.printf("POST /prewarm  %d URLs (one of them served with Cache-Control: no-store) x region \"all\" over https, verified%n",
                CACHEABLE_URLS + 1);
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/prewarm")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("submit answered " + r.statusCode() + ": " + r.body());
        }
        String id = Json.MAPPER.readTree(r.body()).path("requestID").asText();
        out.println("requestID " + id);
        return id;
    }

    private static JsonNode follow(String base, String id, PrintStream out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/status?detail=true&requestID=" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode s = Json.MAPPER.readTree(r.body());
                JsonNode tasks = s.path("detail").path("tasks");
                int total = tasks.path("total").asInt();
                int done = total - tasks.path("pending").asInt();
                int width = 40;
                int filled = total == 0 ? width : done * width / total;
                out.printf("\r[%s%s] %d/%d tasks, %d/%d URLs done, %d verified, %d failed  %s   ", "#".repeat(filled), " ".repeat(width - filled),
                        done, total, s.path("completed").asInt(), s.path("total").asInt(), tasks.path("verified").asInt(), tasks.path("failed").asInt(),
                        s.path("status").asText());
                if (!s.path("status").asText().equals(JobStatus.IN_PROGRESS.name())) {
                    return s;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo job did not finish within 5 minutes");
            }
            Thread.sleep(250);
        }
    }
}
