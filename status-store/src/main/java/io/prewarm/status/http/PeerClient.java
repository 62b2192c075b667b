package io.prewarm.status.http;

import io.prewarm.contract.Json;
import io.prewarm.status.query.JobList;
import io.prewarm.status.query.JobSummary;
import io.prewarm.web.AccessControl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a status instance talks to the others: one long-lived HTTP client for forwarding a query (or
 * a cancel or retry) to the owner of its requestID and for asking every peer for its newest jobs. A peer that does not
 * answer is an outcome (an empty reply), never a failed future, and is logged once a minute per
 * peer: a rebalance can fail many forwards at once, and the dashboard asks every second.
 * <p>
 * A forward is bounded twice, never as a whole: the owner must connect and send its status and
 * headers within {@code answerWait} (the JDK request timeout, which ends once the headers are in),
 * and then never pause longer than {@code idleWait} between bytes of its body ({@link ForwardedBody}).
 * The body itself takes as long as it takes: the report of a job of millions of tasks is hundreds of MB.
 */
public final class PeerClient {
    private static final Logger LOG = LoggerFactory.getLogger(PeerClient.class);
    /** How long the owner may take to connect and send its status and headers. */
    static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);
    /** How long the owner may send nothing in the middle of its answer's body. */
    static final Duration FORWARD_IDLE = Duration.ofSeconds(30);
    static final Duration LIST_TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * What of the caller's request goes on to the owner: its API key (with {@code PREWARM_API_KEYS}
     * set the owner checks {@code /internal/*} too) and the encodings it accepts, so that the owner
     * compresses its answer as it would have to the caller and the forwarder relays it as given.
     */
    record Caller(Optional<String> apiKey, Optional<String> acceptEncoding) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<HostInfo, Long> lastWarned = new ConcurrentHashMap<>();
    private final Duration answerWait;
    private final Duration idleWait;

    public PeerClient() {
        this(FORWARD_TIMEOUT, FORWARD_IDLE);
    }

    /** A client with other forwarding bounds (tests); see the class comment. */
    PeerClient(Duration answerWait, Duration idleWait) {
        this.answerWait = answerWait;
        this.idleWait = idleWait;
    }

    /**
     * The owner's answer to {@code method pathAndQuery} (whatever its status), its body a stream
     * to read (or close) while it arrives, or empty when the owner did not answer in time.
     */
    CompletableFuture<Optional<HttpResponse<InputStream>>> forward(HostInfo owner, String method, String pathAndQuery, Caller caller) {
        HttpRequest request = forwardRequest(method, URI.create(base(owner) + pathAndQuery), answerWait, caller);
        return http.sendAsync(request, ForwardedBody.handler(idleWait)).handle((response, error) -> {
            if (error != null) {
                warnOnce(owner, "status queries owned by {} cannot be forwarded ({}); answering 503 until ownership settles", describe(error));
                return Optional.empty();
            }
            return Optional.of(response);
        });
    }

    /** The newest {@code limit} jobs {@code peer} holds, or empty when it did not list them in time. */
    CompletableFuture<Optional<List<JobSummary>>> jobs(HostInfo peer, int limit, Optional<String> apiKey) {
        HttpRequest request = request(URI.create(base(peer) + "/internal/jobs?limit=" + limit), LIST_TIMEOUT, apiKey);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            String failed = "status instance {} did not list its jobs ({}); /jobs answers without them";
            if (error != null) {
                warnOnce(peer, failed, describe(error));
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                warnOnce(peer, failed, "HTTP " + response.statusCode());
                return Optional.empty();
            }
            try {
                return Optional.of(Json.MAPPER.readValue(response.body(), JobList.class).jobs());
            } catch (IOException | RuntimeException e) {
                warnOnce(peer, failed, describe(e));
                return Optional.empty();
            }
        });
    }

    private static String base(HostInfo peer) {
        return "http://" + peer.host() + ":" + peer.port();
    }

    /**
     * A forwarded query, cancel ({@code DELETE}) or retry ({@code POST}), timed out when the owner's
     * headers are not in within {@code answerWait}; the requestID is in the URI's query, never in a body.
     */
    static HttpRequest forwardRequest(String method, URI uri, Duration answerWait, Caller caller) {
        HttpRequest.Builder request = builder(uri, answerWait, caller.apiKey());
        caller.acceptEncoding().filter(PeerClient::sendable).ifPresent(encodings -> request.header("Accept-Encoding", encodings));
        return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    /**
     * A request to a peer's internal endpoint. It carries the caller's API key, when one was given,
     * because with {@code PREWARM_API_KEYS} set the peer checks {@code /internal/*} too. A value
     * HttpClient could not send (control characters) cannot be a configured key and is left out.
     */
    static HttpRequest request(URI uri, Duration timeout, Optional<String> apiKey) {
        return builder(uri, timeout, apiKey).GET().build();
    }

    private static HttpRequest.Builder builder(URI uri, Duration timeout, Optional<String> apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        apiKey.filter(PeerClient::sendable).ifPresent(key -> request.header(AccessControl.API_KEY_HEADER, key));
        return request;
    }

    private static boolean sendable(String headerValue) {
        return !headerValue.isEmpty() && headerValue.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** The failure itself rather than the CompletionException around it. */
    private static String describe(Throwable error) {
        return (error.getCause() != null ? error.getCause() : error).toString();
    }

    /** Logs {@code message} (placeholders: the peer, why) unless a line about {@code peer} was logged less than a minute ago. */
    private void warnOnce(HostInfo peer, String message, String why) {
        long now = System.nanoTime();
        Long previous = lastWarned.get(peer);
        boolean due = previous == null ? lastWarned.putIfAbsent(peer, now) == null
                : now - previous > WARN_EVERY_NANOS && lastWarned.replace(peer, previous, now);
        if (due) {
            LOG.warn(message, peer, why);
        }
    }
}
