package io.prewarm.status.http;

import io.javalin.Javalin;
import io.prewarm.web.ApiServer;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The forwarding half of a status instance without Kafka: {@code GET /forward/{path}} is forwarded
 * by the real {@link AnswerRelay} and {@link PeerClient} to {@code /{path}} on a fixed "owner",
 * where a status instance would ask Streams who owns the requestID. Run in a child JVM with a small
 * heap to show that an answer larger than that heap goes through.
 */
public final class ForwardingMain {
    private ForwardingMain() {
    }

    /** A forwarder on a free port, forwarding to {@code owner} with {@code peers}. */
    static Javalin start(HostInfo owner, PeerClient peers) {
        AnswerRelay relay = new AnswerRelay(peers);
        return ApiServer.create(List.of(config -> config.routes.get("/forward/{path}", ctx -> relay.forward(ctx, "GET",
                "/" + ctx.pathParam("path") + (ctx.queryString() == null ? "" : "?" + ctx.queryString()), owner)))).start(0);
    }

    /** Argument: the owner's port, on 127.0.0.1. */
    public static void main(String[] args) {
        Javalin http = start(new HostInfo("127.0.0.1", Integer.parseInt(args[0])), new PeerClient());
        System.out.println("forwarding on port " + http.port() + " with a heap of at most " + Runtime.getRuntime().maxMemory() + " bytes");
    }
}
