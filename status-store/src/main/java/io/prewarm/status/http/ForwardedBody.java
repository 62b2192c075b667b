package io.prewarm.status.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The body of an owner's answer as a stream read while it arrives, whatever its size: the JDK
 * client is asked for one list of buffers at a time, so at most two are held (the one being read
 * and the next). A read gives up when the owner sends nothing for {@code idle}: the client's
 * request timeout ends once the headers are in and it has no read timeout, so an owner stalling
 * mid-body would otherwise hold the forwarding thread and both connections for ever. Closing the
 * stream before its end cancels the exchange, which closes the connection to the owner.
 */
final class ForwardedBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    /** What the client delivered, in order: buffers, then the end or a failure. */
    private sealed interface Arrival permits Data, End, Failed {
    }

    private record Data(List<ByteBuffer> buffers) implements Arrival {
    }

    private record End() implements Arrival {
    }

    private record Failed(Throwable error) implements Arrival {
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Duration idle;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private Iterator<ByteBuffer> buffers = Collections.emptyIterator();
    private ByteBuffer current = EMPTY;
    private boolean ended;
    private volatile boolean closed;

    private ForwardedBody(Duration idle) {
        this.idle = idle;
    }

    /** A body handler whose bodies give up after {@code idle} without a byte. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        return response -> new ForwardedBody(idle);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        if (subscription.complete(s)) {
            s.request(1);
        } else {
            s.cancel();
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (!closed) {
            arrivals.add(new Data(item));
        }
    }

    @Override
    public void onError(Throwable error) {
        arrivals.add(new Failed(error));
    }

    @Override
    public void onComplete() {
        arrivals.add(new End());
    }

    @Override
    public int read() throws IOException {
        return fill() ? current.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }

    /** Makes {@code current} hold unread bytes, waiting for the owner's next ones; false at the end of the body. */
    private boolean fill() throws IOException {
        while (!current.hasRemaining()) {
            if (buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return false;
            }
            if (closed) {
                throw new IOException("the forwarded answer's stream is closed");
            }
            Arrival next = next();
            if (next instanceof Data data) {
                buffers = data.buffers().iterator();
                subscription.join().request(1);
            } else if (next instanceof Failed failed) {
                ended = true;
                throw new IOException("the owner's answer broke off: " + failed.error(), failed.error());
            } else {
                ended = true;
            }
        }
        return true;
    }

    private Arrival next() throws IOException {
        try {
            Arrival next = arrivals.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                close();
                throw new IOException("the owner sent nothing for " + idle, new TimeoutException());
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while waiting for the owner's answer");
        }
    }

    /** Cancels the exchange (closing the connection to the owner) unless the body was read to its end. */
    @Override
    public void close() {
        closed = true;
        subscription.thenAccept(Flow.Subscription::cancel);
        arrivals.clear();
        buffers = Collections.emptyIterator();
        current = EMPTY;
    }
}
