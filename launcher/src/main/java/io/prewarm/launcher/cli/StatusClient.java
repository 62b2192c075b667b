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
import java.util.function.Supplier;

/**
 * The CLI's view of a running deployment: {@code POST /prewarm}, {@code GET /status},
 * {@code DELETE /prewarm} and {@code POST /prewarm/retry} over the JDK's HTTP client with bounded
 * timeouts, the API key sent on every call. A server that cannot be reached becomes a
 * {@link CliError} naming the server and how to point elsewhere, so a wrong address ends the
 * command at once with a clear line instead of a stack trace.
 */
final class StatusClient {
    static final String DEFAULT_SERVER = "http://localhost:8080";
    /** The longest a {@code Retry-After} is waited at once; a longer one is taken as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One HTTP answer: its status code, body and {@code Retry-After} (whole seconds), if any. */
    record Answer(int code, String body, Optional<Duration> retryAfter) {
        /** How long to wait before asking again: the server's {@code Retry-After}, at least {@code poll}, at most {@link #MAX_RETRY_AFTER}. */
        Duration pause(Duration poll) {
            Duration asked = retryAfter.orElse(poll);
            return asked.compareTo(poll) < 0 ? poll : asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
        }

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

    /** {@code DELETE /prewarm?requestID=id}. */
    Answer cancel(String id) {
        return send(request("/prewarm?requestID=" + encode(id)).timeout(Duration.ofSeconds(30)).DELETE());
    }

    /** {@code POST /prewarm/retry?requestID=id}: a new job of the failed tasks of job {@code id}. */
    Answer retry(String id) {
        return send(request("/prewarm/retry?requestID=" + encode(id)).timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /status?requestID=id&query}. */
    Answer status(String id, String query) {
        String q = "/status?requestID=" + encode(id) + (query.isEmpty() ? "" : "&" + query);
        return send(request(q).timeout(Duration.ofSeconds(30)).GET());
    }

    /**
     * A 200 answer of {@code GET /status}, waiting out 503s (the status store starting, rebalancing
     * or catching up) as their {@code Retry-After} says, for up to {@code retryFor}.
     */
    Answer fetch(String id, String query, CliIo.Pacing pacing) {
        Answer a = untilNot503(() -> status(id, query), pacing);
        expectOk(a);
        return a;
    }

    /** The first answer of {@code call} that is not a 503, or the last 503 once {@code retryFor} has passed; only for calls safe to repeat. */
    static Answer untilNot503(Supplier<Answer> call, CliIo.Pacing pacing) {
        long until = System.nanoTime() + pacing.retryFor().toNanos();
        while (true) {
            Answer a = call.get();
            if (a.code() != 503 || System.nanoTime() - until > 0) {
                return a;
            }
            pause(a.pause(pacing.poll()));
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

    /** A {@code Retry-After} of whole seconds; an HTTP date or anything else counts as none. */
    static Optional<Duration> seconds(String retryAfter) {
        String v = retryAfter.strip();
        return v.matches("[0-9]{1,9}") ? Optional.of(Duration.ofSeconds(Long.parseLong(v))) : Optional.empty();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * A 200 answer's JSON; a 4xx ends the command with the server's message (404 as
     * {@link Exit#UNKNOWN_JOB}, 409 as {@link Exit#CONFLICT}), anything else as unavailable.
     */
    static JsonNode expectOk(Answer a) {
        if (a.code() == 200) {
            return a.json();
        }
        if (a.code() == 404) {
            throw new CliError(Exit.UNKNOWN_JOB, "the server knows no such job (HTTP 404): " + a.message());
        }
        if (a.code() == 409) {
            throw new CliError(Exit.CONFLICT, "the server refused (HTTP 409): " + a.message());
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
            return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").flatMap(StatusClient::seconds));
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
