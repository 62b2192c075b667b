package io.prewarm.simulator;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Plays {@link Fault#drop()}: resets the client's TCP connection without a byte of answer. It
 * goes beneath TLS to the socket, sets SO_LINGER 0 so that closing sends an RST (what an
 * overloaded edge or a load balancer shedding connections does), closes it, then aborts the
 * request so Jetty forgets it without writing anything (a failed callback would send a 500).
 */
final class ConnectionDrop {
    private ConnectionDrop() {
    }

    static void drop(Request request, Callback callback) {
        EndPoint network = request.getConnectionMetaData().getConnection().getEndPoint();
        while (network instanceof EndPoint.Wrapper wrapper) {
            network = wrapper.unwrap();
        }
        if (network.getTransport() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException e) {
                // Already closed by the client: nothing left to reset.
            }
        }
        network.close();
        callback.failed(new Request.Handler.AbortException("connection dropped by a fault"));
    }
}
