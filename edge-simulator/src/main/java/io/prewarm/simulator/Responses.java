package io.prewarm.simulator;

import java.nio.ByteBuffer;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
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
 * {@code x-amz-cf-pop}, as CloudFront does. The paths of {@link SampleDocuments} answer with their
 * document instead, in both modes. Writes never block: {@code done} completes when the
 * answer has been written (or could not be).
 */
final class Responses {
    static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
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

    void ok(Request request, Response response, io.prewarm.simulator.Request seen, boolean hit, Callback done) {
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders()
                .put("X-Cache", hit ? "Hit from cloudfront" : "Miss from cloudfront")
                .put("x-amz-cf-pop", seen.pop());
        Optional<SampleDocuments.Body> document = SampleDocuments.find(seen.pathAndQuery(), seen.host(), seen.tls());
        if (document.isPresent()) {
            // outside cache mode only documents say they may be cached: a reader of them fetches like a browser
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, Origin.DEFAULT_CACHE_CONTROL);
        }
        writeBody(request, response, document, done);
    }

    /**
     * A cache-mode answer: the origin's caching headers and validators, {@code Age} on hits, and
     * 304 without a body when the client's conditional request matches them.
     */
    void cached(Request request, Response response, io.prewarm.simulator.Request seen, HttpCache.Served served, Callback done) {
        Origin.Answer answer = served.answer();
        response.getHeaders()
                .put("X-Cache", served.xCache().header)
                .put("x-amz-cf-pop", seen.pop())
                .put(HttpHeader.ETAG, answer.etag())
                .put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(answer.lastModified()));
        answer.headers().forEach(response.getHeaders()::put);
        served.ageSeconds().ifPresent(age -> response.getHeaders().put(HttpHeader.AGE, age));
        if (Conditional.notModified(seen.headers(), answer.etag(), answer.lastModified())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, BufferUtil.EMPTY_BUFFER, done);
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        writeBody(request, response, SampleDocuments.find(seen.pathAndQuery(), seen.host(), seen.tls()), done);
    }

    /** A 200's body: the sample document at its path, else the shared filler bytes. */
    private void writeBody(Request request, Response response, Optional<SampleDocuments.Body> document, Callback done) {
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (document.isEmpty()) {
            response.getHeaders()
                    .put(HttpHeader.CONTENT_TYPE, "application/octet-stream")
                    .put(HttpHeader.CONTENT_LENGTH, bodyBytes);
            response.write(true, head ? BufferUtil.EMPTY_BUFFER : body.slice(), done);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, document.get().contentType());
        if (document.get() instanceof SampleDocuments.Fixed fixed) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, fixed.bytes().length);
            response.write(true, head ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(fixed.bytes()), done);
        } else if (head) {
            response.write(true, BufferUtil.EMPTY_BUFFER, done);
        } else {
            new BigSitemapWriter(response, (SampleDocuments.BigSitemap) document.get(), done).iterate();
        }
    }

    void fault(Response response, String pop, Fault fault, Callback done) {
        response.getHeaders().put("x-amz-cf-pop", pop);
        if (fault instanceof Fault.Redirect redirect) {
            response.setStatus(HttpStatus.FOUND_302);
            response.getHeaders().put(HttpHeader.LOCATION, redirect.location());
        } else if (fault instanceof Fault.Status status) {
            response.setStatus(status.code());
            status.headers().forEach(response.getHeaders()::put);
        } else {
            throw new IllegalArgumentException("not an answering fault: " + fault);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, BufferUtil.EMPTY_BUFFER, done);
    }
}
