package io.prewarm.warmer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.support.classic.SharedInputBuffer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One attempt's answer to a document task, its body streamed to a document reader on another
 * thread without being held: the I/O reactor fills a pipe of {@link #PIPE_BYTES}, the reader
 * drains it as an {@link InputStream}, and the connection is read only as fast as the pipe empties
 * (HttpCore's capacity channel). Only a 2xx body is piped ({@link #began}); any other is counted
 * and dropped, as a warm request's is. A reader that needs no more (the job's limit, a parse error)
 * {@link #stop}s it: the exchange then fails at its next bytes instead of the whole body being
 * fetched. A failed or timed out exchange fails the reader's next read with its reason.
 */
final class DocumentBody implements AsyncResponseConsumer<EdgeResponse> {
    static final int PIPE_BYTES = 256 * 1024;

    /** What a stopped body's exchange fails with: not an overload, not retried. */
    static final class StoppedException extends IOException {
        private static final long serialVersionUID = 1L;

        StoppedException(String why) {
            super(why, null);
        }
    }

    private final SharedInputBuffer pipe = new SharedInputBuffer(PIPE_BYTES);
    private final CompletableFuture<DocumentBody> began;
    private volatile FutureCallback<EdgeResponse> callback;
    private volatile HttpResponse head;
    private volatile CapacityChannel channel;
    private volatile boolean piped;
    private volatile boolean ended;
    private volatile boolean cut;
    private volatile String stopped;
    private volatile Exception failure;
    private volatile long bytes;

    /** A body that completes {@code began} with itself once a 2xx answer's body is there to read. */
    DocumentBody(CompletableFuture<DocumentBody> began) {
        this.began = began;
    }

    @Override
    public void consumeResponse(HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<EdgeResponse> resultCallback) {
        head = response;
        callback = resultCallback;
        if (response.getCode() >= 200 && response.getCode() < 300) {
            piped = true;
            if (entity == null) {
                ended = true;
                pipe.markEndStream();
            }
            began.complete(this);
        }
        if (entity == null) {
            resultCallback.completed(answer());
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx: nothing to record
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        channel = capacityChannel;
        if (piped && stopped == null) {
            pipe.updateCapacity(capacityChannel);
        } else {
            capacityChannel.update(Integer.MAX_VALUE);
        }
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        bytes += src.remaining();
        if (stopped != null) {
            throw new StoppedException(stopped);
        }
        if (piped) {
            pipe.fill(src);
        } else {
            src.position(src.limit());
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        ended = true;
        pipe.markEndStream();
        callback.completed(answer());
    }

    @Override
    public void failed(Exception cause) {
        failure = cause;
        pipe.abort();
    }

    @Override
    public void releaseResources() {
        if (!ended) {
            cut = true;
            pipe.abort(); // cancelled (the task timeout): the reader must not wait for bytes that never come
        }
    }

    /** Whether this attempt's body is being read: a 2xx came. */
    boolean began() {
        return piped;
    }

    /** The answer's head; set once {@link #began} completed. */
    HttpResponse head() {
        return head;
    }

    /** The body as it streams in; a read fails once the exchange failed or the body was stopped. */
    InputStream stream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return pipe.read(b, off, len);
                } catch (IOException e) {
                    throw broken() ? new IOException(why(), e) : e;
                }
            }
        };
    }

    /** Whether the body was cut: its exchange failed or was cancelled, or it was stopped. */
    boolean broken() {
        return failure != null || stopped != null || cut;
    }

    /** Whether it was {@link #stop}ped. */
    boolean stopped() {
        return stopped != null;
    }

    /** Why the body was cut, in a few words. */
    String why() {
        if (stopped != null) {
            return stopped;
        }
        return failure == null ? "the exchange ended before the body did" : Failures.describe(failure, null, null);
    }

    /**
     * Wants no more of the body ({@code why}): its reader stops, and the exchange fails at its next
     * bytes (a pipe that was full is opened for them), which closes the connection.
     */
    void stop(String why) {
        if (ended || stopped != null) {
            return;
        }
        stopped = why;
        pipe.abort();
        CapacityChannel c = channel;
        if (c != null) {
            try {
                c.update(1);
            } catch (IOException e) {
                // the exchange is failing already
            }
        }
    }

    private EdgeResponse answer() {
        Header location = head.getFirstHeader("Location");
        Header retryAfter = head.getFirstHeader("Retry-After");
        return new EdgeResponse(head.getCode(), null, null, location == null ? null : location.getValue(), bytes, null, null, null,
                retryAfter == null ? null : retryAfter.getValue(), java.util.Optional.empty());
    }
}
