package io.prewarm.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A test client that connects to a PoP the way the warmer does: to the PoP's own loopback address,
 * with the Host header of the site being warmed. The JDK client only sends a custom Host header
 * when {@code jdk.httpclient.allowRestrictedHeaders} says so before its first use, hence the
 * static block; every test goes through this class, so the property is always set in time.
 */
final class PopClient {
    static {
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
    }

    static final String HOST = "www.example.com";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final EdgeSimulator simulator;

    PopClient(EdgeSimulator simulator) {
        this.simulator = simulator;
    }

    HttpResponse<byte[]> get(String pop, String pathAndQuery) throws IOException, InterruptedException {
        return get(pop, pathAndQuery, "gzip, deflate, br");
    }

    HttpResponse<byte[]> get(String pop, String pathAndQuery, String acceptEncoding) throws IOException, InterruptedException {
        return client.send(request(pop, pathAndQuery, acceptEncoding).build(), BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String pop, String pathAndQuery, Duration timeout) throws IOException, InterruptedException {
        return client.send(request(pop, pathAndQuery, "gzip").timeout(timeout).build(), BodyHandlers.ofByteArray());
    }

    /** A GET with extra headers, e.g. If-None-Match for a conditional request. */
    HttpResponse<byte[]> get(String pop, String pathAndQuery, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(pop, pathAndQuery, "gzip");
        headers.forEach(request::header);
        return client.send(request.build(), BodyHandlers.ofByteArray());
    }

    CompletableFuture<HttpResponse<byte[]>> getAsync(String pop, String pathAndQuery) {
        return client.sendAsync(request(pop, pathAndQuery, "gzip").build(), BodyHandlers.ofByteArray());
    }

    /** {@code pop} null means 127.0.0.1, an address no PoP has. */
    private HttpRequest.Builder request(String pop, String pathAndQuery, String acceptEncoding) {
        String address = pop == null ? "127.0.0.1" : simulator.addressOf(pop).getHostAddress();
        return HttpRequest.newBuilder(URI.create("http://" + address + ":" + simulator.httpPort() + pathAndQuery))
                .header("Host", HOST)
                .header("Accept-Encoding", acceptEncoding);
    }
}
