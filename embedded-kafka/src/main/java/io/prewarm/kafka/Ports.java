package io.prewarm.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * A TCP port free right now: the one helper for the few places that must name a port before anything
 * listens on it (a KRaft controller's quorum address, a process that must come back on the same port
 * after a restart). Anything that can bind port 0 and ask what it got should do that instead.
 */
public final class Ports {
    private Ports() {
    }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
