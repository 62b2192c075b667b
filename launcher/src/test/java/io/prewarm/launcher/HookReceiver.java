package io.prewarm.launcher;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint for tests: a JDK HTTP server on a loopback port that keeps every call it gets
 * (signature, delivery id, body) and answers 204, so a test can check what a job's callback_url
 * was sent. Loopback is refused by the SSRF policy unless {@code PREWARM_WEBHOOK_ALLOW} allows it.
 */
final class HookReceiver implements AutoCloseable {
    /** One call: the X-Prewarm-Signature and X-Prewarm-Delivery headers and the body as sent. */
    record Call(String signature, String delivery, String body) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private HookReceiver(HttpServer server) {
        this.server = server;
    }

    static HookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            HookReceiver receiver = new HookReceiver(server);
            server.createContext("/hook", exchange -> {
                receiver.calls.add(new Call(exchange.getRequestHeaders().getFirst("X-Prewarm-Signature"),
                        exchange.getRequestHeaders().getFirst("X-Prewarm-Delivery"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give as callback_url. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
