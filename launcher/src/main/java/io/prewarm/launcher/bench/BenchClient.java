package io.prewarm.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.JobStatus;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The benchmark's view of the REST API: submit a job, poll it to its end, as any client would. */
final class BenchClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    BenchClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    static String body(List<String> urls, String dist, String targetType, String region) {
        return body(urls, dist, targetType, region, "http");
    }

    /** A job's body; {@code protocol} is how the PoPs are reached ("http" or "https"). */
    static String body(List<String> urls, String dist, String targetType, String region, String protocol) {
        String list = urls.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(","));
        return "{\"url_list\": [" + list + "], \"cf_domain\": \"" + dist + ".cloudfront.net\", \"target_type\": \"" + targetType
                + "\", \"region\": " + region + ", \"protocol\": \"" + protocol + "\"}";
    }

    /** {@code body} (a job's, from {@link #body}) with {@code "verify"} set: the benchmark says it where a case depends on it. */
    static String verify(String body, boolean verify) {
        return body.substring(0, body.lastIndexOf('}')) + ", \"verify\": " + verify + "}";
    }

    HttpResponse<String> post(String body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/prewarm")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    String submit(String body) {
        HttpResponse<String> r = post(body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /prewarm answered " + r.statusCode() + ": " + r.body());
        }
        return json(r.body()).path("requestID").asText();
    }

    HttpResponse<String> status(String id, String extra) {
        return send(HttpRequest.newBuilder(URI.create(base + "/status?requestID=" + id + extra)).build());
    }

    /** Waits until {@code GET /health/ready} answers 200: Kafka answers and every Streams app is RUNNING, so the status store can be read. */
    void awaitReady(Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build()).statusCode() == 200) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the system was not ready within " + limit);
    }

    /** Polls until the job is no longer IN_PROGRESS; returns the last answer. */
    JsonNode awaitEnd(String id, Duration every, Duration limit) {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            HttpResponse<String> r = status(id, "&limit=1");
            if (r.statusCode() == 200) {
                JsonNode s = json(r.body());
                if (!s.path("status").asText().equals(JobStatus.IN_PROGRESS.name())) {
                    return s;
                }
            }
            pause(every);
        }
        throw new IllegalStateException("job " + id + " did not end within " + limit);
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
