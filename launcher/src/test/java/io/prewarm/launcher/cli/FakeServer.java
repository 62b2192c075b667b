package io.prewarm.launcher.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted stand-in for a Prewarm deployment (JDK HttpServer on port 0): {@code POST /prewarm}
 * answers what the test says, the progress polls ({@code GET /status?limit=1}) walk through a
 * script of answers (the last one repeats), other status reads (detail, pages) go to a function,
 * and so do {@code DELETE /prewarm} and {@code POST /prewarm/retry}. Every call is recorded so
 * tests can check what the CLI sent.
 */
final class FakeServer implements AutoCloseable {
    /** One request; {@code at} is when it arrived, in milliseconds of {@link System#nanoTime()}. */
    record Call(String method, String path, Map<String, String> query, Map<String, String> headers, String body, long at) {
    }

    record Reply(int code, String body, Map<String, String> headers) {
        Reply(int code, String body) {
            this(code, body, Map.of());
        }

        Reply retryAfter(int seconds) {
            return new Reply(code, body, Map.of("Retry-After", String.valueOf(seconds)));
        }
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final Deque<Reply> polls = new ArrayDeque<>();
    private volatile Reply post = new Reply(200, "{\"requestID\":\"job-1\"}");
    private volatile Function<Call, Reply> reads = c -> new Reply(404, "{\"message\":\"requestID: not scripted\"}");
    private volatile Function<Call, Reply> cancels = c -> new Reply(500, "{\"message\":\"no cancel scripted\"}");
    private volatile Function<Call, Reply> retries = c -> new Reply(500, "{\"message\":\"no retry scripted\"}");

    private FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeServer start() throws IOException {
        return new FakeServer();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeServer post(int code, String body) {
        post = new Reply(code, body);
        return this;
    }

    synchronized FakeServer polls(Reply... script) {
        polls.clear();
        polls.addAll(List.of(script));
        return this;
    }

    FakeServer reads(Function<Call, Reply> answer) {
        reads = answer;
        return this;
    }

    /** How {@code DELETE /prewarm} answers. */
    FakeServer cancels(Function<Call, Reply> answer) {
        cancels = answer;
        return this;
    }

    /** How {@code POST /prewarm/retry} answers. */
    FakeServer retries(Function<Call, Reply> answer) {
        retries = answer;
        return this;
    }

    List<Call> calls(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    /** A seed-shaped status answer. */
    static String job(String status, int total, int completed) {
        return "{\"status\":\"" + status + "\",\"total\":" + total + ",\"completed\":" + completed + ",\"inProgress\":" + (total - completed)
                + ",\"failedUrl\":[],\"inProgressUrl\":[]}";
    }

    /** A {@code detail=true} answer of a job whose every task succeeded. */
    static String detail(String status, int total) {
        return job(status, total, total).replace("}", ",\"detail\":{\"tasks\":{\"total\":" + total + ",\"succeeded\":" + total
                + ",\"failed\":0,\"pending\":0},\"pops\":[],\"failures\":[]}}");
    }

    static Reply ok(String body) {
        return new Reply(200, body);
    }

    private synchronized Reply nextPoll() {
        return polls.size() > 1 ? polls.poll() : polls.isEmpty() ? new Reply(500, "{\"message\":\"no polls scripted\"}") : polls.peek();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query, headers, body, System.nanoTime() / 1_000_000);
        calls.add(call);
        Reply reply = route(call);
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.code(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Reply route(Call call) {
        if (call.method().equals("DELETE")) {
            return cancels.apply(call);
        }
        if (call.method().equals("POST")) {
            return call.path().equals("/prewarm/retry") ? retries.apply(call) : post;
        }
        return "1".equals(call.query().get("limit")) && !call.query().containsKey("detail") ? nextPoll() : reads.apply(call);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
