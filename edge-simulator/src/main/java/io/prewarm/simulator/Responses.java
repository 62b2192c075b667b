package io.prewarm.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes the simulator's answers. The 200 body is a fixed-length run of filler bytes streamed from
 * one shared read-only buffer, so serving a large body to many clients costs no per-request
 * allocation. Every answer names its PoP in {@code x-amz-cf-pop}, as CloudFront does.
 */
final class Responses {
    private static final byte[] FILLER = filler(64 * 1024);
    /** {@link HttpExchange#sendResponseHeaders} takes -1 to mean "no body" (0 would mean chunked). */
    private static final long NO_BODY = -1;

    private final int bodyBytes;

    Responses(int bodyBytes) {
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("bodyBytes must be >= 0, got " + bodyBytes);
        }
        this.bodyBytes = bodyBytes;
    }

    void ok(HttpExchange exchange, String pop, boolean hit) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("X-Cache", hit ? "Hit from cloudfront" : "Miss from cloudfront");
        headers.set("x-amz-cf-pop", pop);
        headers.set("Content-Type", "application/octet-stream");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        if (head || bodyBytes == 0) {
            exchange.sendResponseHeaders(200, NO_BODY);
            return;
        }
        exchange.sendResponseHeaders(200, bodyBytes);
        OutputStream out = exchange.getResponseBody();
        for (int left = bodyBytes; left > 0; left -= FILLER.length) {
            out.write(FILLER, 0, Math.min(left, FILLER.length));
        }
        out.close();
    }

    void fault(HttpExchange exchange, String pop, Fault fault) throws IOException {
        exchange.getResponseHeaders().set("x-amz-cf-pop", pop);
        if (fault instanceof Fault.Redirect redirect) {
            exchange.getResponseHeaders().set("Location", redirect.location());
            exchange.sendResponseHeaders(302, NO_BODY);
        } else if (fault instanceof Fault.Status status) {
            exchange.sendResponseHeaders(status.code(), NO_BODY);
        } else {
            throw new IllegalArgumentException("not an answering fault: " + fault);
        }
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        return bytes;
    }
}
