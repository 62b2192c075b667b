package io.prewarm.webhooks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Reads a callback's answer for its status and {@code Retry-After} only: the body is discarded as it
 * arrives, and one longer than {@link #MAX_BODY} ends the exchange (the status already counts), so a
 * receiver cannot make us hold or read an endless answer.
 */
final class ResponseHead implements AsyncResponseConsumer<Attempt> {
    static final int MAX_BODY = 64 * 1024;
    private volatile Attempt head;
    private FutureCallback<Attempt> callback;
    private long discarded;

    /** The answer's status, once its head has arrived. */
    Optional<Attempt> head() {
        return Optional.ofNullable(head);
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Attempt> resultCallback) {
        Header retryAfter = response.getFirstHeader("Retry-After");
        head = Attempt.answered(response.getCode(), Backoff.retryAfter(retryAfter == null ? null : retryAfter.getValue()));
        if (entity == null) {
            resultCallback.completed(head);
        } else {
            callback = resultCallback;
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        discarded += src.remaining();
        src.position(src.limit());
        if (discarded > MAX_BODY) {
            throw new IOException("answer body longer than " + MAX_BODY + " bytes, not read further");
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        FutureCallback<Attempt> done = callback;
        if (done != null) {
            done.completed(head);
        }
    }

    @Override
    public void failed(Exception cause) {
        // the exchange's own callback reports it (with the head, when one came)
    }

    @Override
    public void releaseResources() {
        callback = null;
    }
}
