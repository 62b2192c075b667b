package io.prewarm.simulator;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the simulator's answers. Every 200 body is a read-only view of one shared direct buffer
 * of filler bytes made at start, so serving a large body to many clients copies nothing per
 * request, and its fixed {@code Content-Length} means no chunking. Every answer names its PoP in
 * {@code x-amz-cf-pop}, as CloudFront does. Writes never block: {@code done} completes when the
 * answer has been written (or could not be).
 */
final class Responses {
    private final int bodyBytes;
    private final ByteBuffer body;

    Responses(int bodyBytes) {
        if (bodyBytes < 0) {
            throw new IllegalArgumentException("bodyBytes must be >= 0, got " + bodyBytes);
        }
        this.bodyBytes = bodyBytes;
        ByteBuffer filler = ByteBuffer.allocateDirect(bodyBytes);
        while (filler.hasRemaining()) {
            filler.put((byte) 'x');
        }
        body = filler.flip().asReadOnlyBuffer();
    }

    void ok(Request request, Response response, String pop, boolean hit, Callback done) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders()
                .put("X-Cache", hit ? "Hit from cloudfront" : "Miss from cloudfront")
                .put("x-amz-cf-pop", pop)
                .put(HttpHeader.CONTENT_TYPE, "application/octet-stream")
                .put(HttpHeader.CONTENT_LENGTH, bodyBytes);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? BufferUtil.EMPTY_BUFFER : body.slice(), done);
    }

    void fault(Response response, String pop, Fault fault, Callback done) {
        response.getHeaders().put("x-amz-cf-pop", pop);
        if (fault instanceof Fault.Redirect redirect) {
            response.setStatus(HttpStatus.FOUND_302);
            response.getHeaders().put(HttpHeader.LOCATION, redirect.location());
        } else if (fault instanceof Fault.Status status) {
            response.setStatus(status.code());
        } else {
            throw new IllegalArgumentException("not an answering fault: " + fault);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, BufferUtil.EMPTY_BUFFER, done);
    }
}
