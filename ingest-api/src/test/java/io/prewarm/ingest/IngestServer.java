package io.prewarm.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.prewarm.contract.Json;
import io.prewarm.contract.PopCatalog;
import io.prewarm.contract.RequestValidator;
import io.prewarm.contract.WebhookPolicy;
import io.prewarm.web.ApiServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The real HTTP server with the real ingest routes and validator, publishing into a
 * {@link RecordingSink} instead of Kafka: what the bad-input tests talk to. Every POST has a
 * timeout, so a server that hangs fails the test instead of stalling the build.
 */
final class IngestServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One answer: status, its Content-Type and its body (parsed when it is JSON). */
    record Reply(int status, String contentType, String text, Optional<JsonNode> json) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final RecordingSink sink = new RecordingSink();
    private final Javalin http;
    private final URI endpoint;

    /** A server that accepts no {@code callback_url} (no webhook secret configured). */
    IngestServer(int maxUrls) {
        this(maxUrls, WebhookPolicy.DISABLED);
    }

    IngestServer(int maxUrls, WebhookPolicy webhooks) {
        http = ApiServer.create(List.of(new IngestRoutes(new RequestValidator(PopCatalog.load(Optional.empty()), maxUrls, webhooks), sink))).start(0);
        endpoint = URI.create("http://127.0.0.1:" + http.port() + "/prewarm");
    }

    RecordingSink sink() {
        return sink;
    }

    Reply post(String contentType, byte[] body) {
        return post(contentType, null, body, false);
    }

    /** A POST with optional headers; {@code chunked} sends it without a Content-Length, so the server only learns its size by reading it. */
    Reply post(String contentType, String contentEncoding, byte[] body, boolean chunked) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).POST(chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return send(request);
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), parse(r.body()));
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(text));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        http.stop();
    }
}
