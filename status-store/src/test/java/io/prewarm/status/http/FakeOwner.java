package io.prewarm.status.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Checksum;
import org.apache.kafka.streams.state.HostInfo;

/**
 * A plain HTTP server standing in for the status instance that owns a requestID, answering as the
 * test says (slowly, partly, endlessly), each exchange on its own thread so one can stall while
 * another answers. It also generates report-like CSV of any size without holding it.
 */
final class FakeOwner implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FakeOwner() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.start();
    }

    FakeOwner on(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    HostInfo host() {
        return new HostInfo("127.0.0.1", server.getAddress().getPort());
    }

    /**
     * Writes {@code bytes} bytes of CSV rows (one task each) to {@code out}, 64 KB at a time, adding
     * them to {@code sent}; what it writes depends only on {@code bytes}.
     */
    static void writeCsv(OutputStream out, long bytes, Checksum sent) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        int filled = 0;
        long written = 0;
        for (long task = 0; written < bytes; task++) {
            byte[] row = ("task-" + task + ",https://cdn.example.com/assets/" + task + "/app.js,fra1,200,HIT,2024-05-01T12:00:00Z\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < row.length && written < bytes; i++, written++) {
                chunk[filled++] = row[i];
                if (filled == chunk.length) {
                    sent.update(chunk, 0, filled);
                    out.write(chunk, 0, filled);
                    filled = 0;
                }
            }
        }
        sent.update(chunk, 0, filled);
        out.write(chunk, 0, filled);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
