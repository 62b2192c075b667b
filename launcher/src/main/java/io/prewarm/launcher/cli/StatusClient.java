package io.prewarm.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's view of a running deployment: {@code POST /prewarm} and {@code GET /status} over the
 * JDK's HTTP client with bounded timeouts, the API key sent on every call. A server that cannot be
 * reached becomes a {@link CliError} naming the server and how to point elsewhere, so a wrong
 * address ends the command at once with a clear line instead of a stack trace.
 */
final class StatusClient {
    static final String DEFAULT_SERVER = "http://localhost:8080";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP answer: its status code and body. */
    record Answer(int code, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new CliError(Exit.UNAVAILABLE, "the server answered " + code + " with a body that is not JSON: " + snippet());
            }
        }

        /** The server's {@code {"message"}}, or the start of whatever else it sent. */
        String message() {
            try {
                JsonNode m = Json.MAPPER.readTree(body).path("message");
                return m.isTextual() ? m.asText() : snippet();
            } catch (IOException e) {
                return snippet();
            }
        }

        private String snippet() {
            String s = body.strip().replaceAll("\\s+", " ");
            return s.isEmpty() ? "(no body)" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
        }
    }

    private final String server;
    private final Optional<String> apiKey;

    StatusClient(String server, Optional<String> apiKey) {
        this.server = server;
        this.apiKey = apiKey;
    }

    /** {@code --server} or PREWARM_SERVER or localhost:8080; {@code --api-key} or PREWARM_API_KEY. */
    static StatusClient from(Args args, Map<String, String> env) {
        String server = args.one("--server").or(() -> Optional.ofNullable(env.get("PREWARM_SERVER")).filter(s -> !s.isBlank()))
                .orElse(DEFAULT_SERVER).strip().replaceAll("/+$", "");
        try {
            URI uri = URI.create(server);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw Args.usage("--server: expected http(s)://host[:port], got '" + server + "'");
            }
        } catch (IllegalArgumentException e) {
            throw Args.usage("--server: expected http(s)://host[:port], got '" + server + "'");
        }
        Optional<String> key = args.one("--api-key").or(() -> Optional.ofNullable(env.get("PREWARM_API_KEY"))).filter(k -> !k.isBlank());
        return new StatusClient(server, key);
    }

    String server() {
        return server;
    }

    Answer submit(String json) {
        return send(request("/prewarm").timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    /** {@code GET /status?requestID=id&query}. */
    Answer status(String id, String query) {
        String q = "/status?requestID=" + encode(id) + (query.isEmpty() ? "" : "&" + query);
        return send(request(q).timeout(Duration.ofSeconds(30)).GET());
    }

    /** A 200 answer of {@code GET /status}, waiting out 503s (the status store starting or rebalancing) for up to {@code retryFor}. */
    Answer fetch(String id, String query, CliIo.Pacing pacing) {
        long until = System.nanoTime() + pacing.retryFor().toNanos();
        while (true) {
            Answer a = status(id, query);
            if (a.code() != 503 || System.nanoTime() - until > 0) {
                expectOk(a);
                return a;
            }
            pause(pacing.poll());
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(Exit.UNAVAILABLE, "interrupted");
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A 200 answer's JSON; a 4xx ends the command with the server's message, anything else as unavailable. */
    static JsonNode expectOk(Answer a) {
        if (a.code() == 200) {
            return a.json();
        }
        if (a.code() >= 400 && a.code() < 500) {
            throw new CliError(Exit.REFUSED, "the server refused (HTTP " + a.code() + "): " + a.message());
        }
        throw new CliError(Exit.UNAVAILABLE, "the server answered HTTP " + a.code() + ": " + a.message());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server + pathAndQuery));
        apiKey.ifPresent(k -> b.header("x-api-key", k));
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliError(Exit.UNAVAILABLE, "cannot reach " + server + " (" + why + "); is Prewarm running there? "
                    + "(--server URL or PREWARM_SERVER)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(Exit.UNAVAILABLE, "interrupted while talking to " + server);
        }
    }
}
