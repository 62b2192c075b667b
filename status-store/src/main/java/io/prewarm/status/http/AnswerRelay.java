package io.prewarm.status.http;

import io.javalin.http.Context;
import io.prewarm.web.AccessControl;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a forwarded request with the owner's answer, streamed while it arrives: its status, the
 * headers that matter, and its body in bounded memory, byte for byte (the owner compressed it, or
 * not, for the caller's {@code Accept-Encoding}; compressing it again would falsify its
 * Content-Length). Without a Content-Length from the owner the caller's answer is chunked. An owner
 * that does not answer in time is a 503 with Retry-After. The timeouts are {@link PeerClient}'s.
 * <p>
 * Javalin copies the body on the thread that completes the forward, which is made a container
 * thread (as a local answer's), not the JDK client's completion pool. If the owner's body breaks
 * off, the caller's exchange is aborted: Javalin would end a failed result normally, and a
 * chunked answer cut short would then look complete. A caller that goes away closes the body,
 * and with it the connection to the owner. One Javalin default, which {@code ApiServer} keeps,
 * matters here: no async timeout ({@code config.http.asyncTimeout} would cut off a long forward).
 */
final class AnswerRelay {
    private static final Logger LOG = LoggerFactory.getLogger(AnswerRelay.class);
    /** The owner's headers a caller needs; the Content-Length is relayed as the answer's length. */
    private static final List<String> RELAYED = List.of("Retry-After", "Content-Type", "Content-Disposition", "Content-Encoding");

    private final PeerClient peers;

    AnswerRelay(PeerClient peers) {
        this.peers = peers;
    }

    /** Answers {@code ctx} with {@code owner}'s answer to {@code method pathAndQuery}. */
    void forward(Context ctx, String method, String pathAndQuery, HostInfo owner) {
        PeerClient.Caller caller = new PeerClient.Caller(Optional.ofNullable(ctx.header(AccessControl.API_KEY_HEADER)),
                Optional.ofNullable(ctx.header("Accept-Encoding")));
        ctx.future(() -> {
            Executor container = ctx.req().getAsyncContext()::start;
            CompletableFuture<Optional<HttpResponse<InputStream>>> reply = peers.forward(owner, method, pathAndQuery, caller);
            CompletableFuture<Void> answered = reply.thenAcceptAsync(r -> r.ifPresentOrElse(response -> relay(ctx, owner, response),
                    () -> Answers.unavailable(ctx, "the instance owning this requestID (" + owner + ") did not answer")), container);
            // a body never handed to Javalin (the request failed or was cancelled first) is closed here
            answered.whenComplete((done, error) -> {
                if (error != null) {
                    reply.thenAccept(r -> r.ifPresent(response -> close(response.body())));
                }
            });
            return answered;
        });
    }

    private static void relay(Context ctx, HostInfo owner, HttpResponse<InputStream> response) {
        for (String header : RELAYED) {
            response.headers().firstValue(header).ifPresent(v -> ctx.header(header, v));
        }
        response.headers().firstValueAsLong("Content-Length").ifPresent(length -> ctx.res().setContentLengthLong(length));
        ctx.disableCompression();
        ctx.status(response.statusCode()).result(new Relayed(ctx, owner, response.body()));
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // ForwardedBody's close does not fail
        }
    }

    /** The owner's body as Javalin copies it to the caller, counting what went through for the log. */
    private static final class Relayed extends FilterInputStream {
        private final Context ctx;
        private final HostInfo owner;
        private long relayed;
        private boolean ended;

        Relayed(Context ctx, HostInfo owner, InputStream body) {
            super(body);
            this.ctx = ctx;
            this.owner = owner;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n < 0) {
                    ended = true;
                } else {
                    relayed += n;
                }
                return n;
            } catch (IOException e) {
                ended = true;
                throw abort(e);
            }
        }

        /** Closes the caller's connection, so that what it got cannot pass for the whole answer. */
        private IOException abort(IOException failure) {
            LOG.warn("the answer forwarded from {} broke off after {} bytes ({}); the caller's connection is closed", owner, relayed,
                    failure.getMessage());
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(failure);
            // the caller's exchange is at its end now: Javalin logs an EofException as a client abort, without a stack trace
            return new EofException("forwarded answer from " + owner + " broke off");
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                ended = true;
                LOG.info("the caller of a forwarded answer went away after {} bytes; the answer from {} is dropped", relayed, owner);
            }
            super.close();
        }
    }
}
