package io.prewarm.warmer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * A PoP stand-in that answers the n-th request with whatever the test scripts, raw HTTP/1.1 (a
 * null script hangs up without a byte; {@link #NO_ANSWER} keeps the connection open and says nothing,
 * a PoP too slow to answer, until the client gives up), and records each request's headers and the local address
 * it arrived on: for the answers the edge simulator does not play.
 */
final class ScriptedEdge implements AutoCloseable {
    record Seen(InetAddress arrivedAt, Map<String, String> headers) {
    }

    /** The script's answer for a request that gets no answer at all while the client waits. */
    static final String NO_ANSWER = "";

    private final ServerSocket server;
    private final IntFunction<String> script;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    ScriptedEdge(IntFunction<String> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("0.0.0.0", 0));
        Thread acceptor = new Thread(this::accept, "scripted-edge");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A raw answer with these header lines and no body. */
    static String answer(int status, String... headers) {
        return "HTTP/1.1 " + status + " X\r\n" + String.join("\r\n", headers) + (headers.length > 0 ? "\r\n" : "") + "Content-Length: 0\r\n\r\n";
    }

    int port() {
        return server.getLocalPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> serve(socket), "scripted-edge-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            for (String line; (line = in.readLine()) != null; ) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                for (String h; (h = in.readLine()) != null && !h.isEmpty(); ) {
                    headers.put(h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
                }
                seen.add(new Seen(socket.getLocalAddress(), headers));
                String answer = script.apply(seen.size());
                if (answer == null) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
