package io.prewarm.warmer;

import io.prewarm.contract.Cacheability;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads a response body to the end without keeping it: bytes are counted and dropped as they
 * stream in, so warming a 2 GB object costs the same memory as warming a 2 KB one. It implements
 * the raw consumer interface because HttpClient's convenience base class parses Content-Type
 * strictly and would fail a warm request over an odd charset the edge happens to send. From the
 * head it keeps what the warm, its verification and the PoP back-off read, and whether a shared
 * cache may keep the answer ({@link Cacheability}, every value of each header).
 */
public final class BodyCounter implements AsyncResponseConsumer<EdgeResponse> {
    private volatile FutureCallback<EdgeResponse> callback;

    public BodyCounter() {
    }

    private volatile HttpResponse head;
    private volatile long bytes;

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<EdgeResponse> resultCallback) {
        this.head = response;
        this.callback = resultCallback;
        if (entity == null) {
            resultCallback.completed(result());
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to record
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws java.io.IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {
        bytes += src.remaining();
        src.position(src.limit());
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        callback.completed(result());
    }

    @Override
    public void failed(Exception cause) {
        // the client reports the failure to the request's callback
    }

    @Override
    public void releaseResources() {
        // nothing held: the body was never buffered
    }

    private EdgeResponse result() {
        return new EdgeResponse(head.getCode(), header("X-Cache"), header("x-amz-cf-pop"), header("Location"), bytes, header("Age"),
                header("ETag"), header("Last-Modified"), header("Retry-After"), Cacheability.uncacheable(this::headers));
    }

    /** Every value of the header, its name matched case-insensitively. */
    private List<String> headers(String name) {
        return Arrays.stream(head.getHeaders(name)).map(Header::getValue).toList();
    }

    private String header(String name) {
        Header h = head.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }
}
