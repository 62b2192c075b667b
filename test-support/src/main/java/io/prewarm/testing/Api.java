package io.prewarm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.prewarm.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small client for Prewarm's REST API in tests: real HTTP against a running instance. */
public final class Api {
    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        public String text(String field) {
            return body.path(field).asText();
        }
    }

    /** The strings of a JSON array, in order. */
    public static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> headers;

    public Api(int port) {
        this(port, Map.of());
    }

    /** A client that sends these headers (an API key, say) with every request. */
    public Api(int port, Map<String, String> headers) {
        this.base = "http://127.0.0.1:" + port;
        this.headers = Map.copyOf(headers);
    }

    public Reply post(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply submit(String json) {
        return post("/prewarm", "application/json", json);
    }

    public Reply get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    public Reply delete(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).DELETE());
    }

    /** A GET whose body is not JSON (the CSV report). */
    public HttpResponse<String> getText(String pathAndQuery) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
            headers.forEach(request::header);
            return CLIENT.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply status(String requestID) {
        return get("/status?requestID=" + URLEncoder.encode(requestID, StandardCharsets.UTF_8));
    }

    private Reply send(HttpRequest.Builder request) {
        headers.forEach(request::header);
        try {
            HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(r.body());
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
