package io.prewarm.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server standing in for CloudFront edges in tests. It records every request it sees
 * (Host, path with query, Accept-Encoding, the local address it was reached on) and answers 200
 * with a body, or the status configured for a path. {@code X-Cache} is "Miss from cloudfront" on
 * the first request for a Host+path and "Hit from cloudfront" after, like an edge.
 */
public final class EdgeStub implements AutoCloseable {
    public record Seen(String host, String pathAndQuery, String acceptEncoding, String localAddress, String userAgent) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>();
    private final Map<String, String> locationByPath = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cached = new ConcurrentHashMap<>();
    private final byte[] body;

    private EdgeStub(HttpServer server, int bodyBytes) {
        this.server = server;
        this.body = new byte[bodyBytes];
    }

    /** Listens on all loopback addresses (127.0.0.0/8 reaches it), on a free port. */
    public static EdgeStub start(int bodyBytes) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), 200);
            EdgeStub stub = new EdgeStub(server, bodyBytes);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public EdgeStub answer(String path, int status) {
        statusByPath.put(path, status);
        return this;
    }

    public EdgeStub redirect(String path, String location) {
        statusByPath.put(path, 302);
        locationByPath.put(path, location);
        return this;
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        String host = ex.getRequestHeaders().getFirst("Host");
        seen.add(new Seen(host, path + (query == null ? "" : "?" + query), ex.getRequestHeaders().getFirst("Accept-Encoding"),
                ex.getLocalAddress().getAddress().getHostAddress(), ex.getRequestHeaders().getFirst("User-Agent")));
        int status = statusByPath.getOrDefault(path, 200);
        String key = host + path + "@" + ex.getLocalAddress().getAddress().getHostAddress();
        boolean hit = cached.putIfAbsent(key, Boolean.TRUE) != null;
        ex.getResponseHeaders().add("X-Cache", (hit ? "Hit" : "Miss") + " from cloudfront");
        ex.getResponseHeaders().add("x-amz-cf-pop", "STUB1-C1");
        if (locationByPath.containsKey(path)) {
            ex.getResponseHeaders().add("Location", locationByPath.get(path));
        }
        byte[] out = status == 200 ? body : new byte[0];
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
