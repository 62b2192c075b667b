package io.prewarm.simulator;

import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Where stalled requests wait: the callback that would finish a stalled request is parked here
 * and not completed, so the client sees silence while no thread waits with it. A stall ends only
 * by aborting it, which closes the connection without a byte of answer: when Jetty reports the
 * connection failed (the simulator stopping, or 60 s without traffic), or at {@link #releaseAll()}.
 * Aborting, not failing, matters: a failed callback would make Jetty send a 500.
 */
final class StalledRequests {
    private final Set<Callback> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    void hold(Request request, Callback callback) {
        held.add(callback);
        request.addFailureListener(failure -> abort(callback, failure));
        if (closed) {
            abort(callback, new ClosedChannelException());
        }
    }

    void releaseAll() {
        closed = true;
        held.forEach(callback -> abort(callback, new ClosedChannelException()));
    }

    private void abort(Callback callback, Throwable why) {
        if (held.remove(callback)) {
            callback.failed(new Request.Handler.AbortException("stalled request released", why));
        }
    }
}
