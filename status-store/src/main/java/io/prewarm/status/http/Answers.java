package io.prewarm.status.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.prewarm.web.ApiServer;
import java.util.OptionalInt;

/**
 * What every status endpoint answers alike: 503 with Retry-After while the store cannot answer
 * (starting, rebalancing, catching up: the client retries, it is never told a wrong status), and
 * the one rule of the {@code limit} query parameter.
 */
final class Answers {
    /** Why the status endpoints answer 503 until the status store's Streams app is started. */
    static final String STARTING = "status store is starting";

    private Answers() {
    }

    /** 503, Retry-After 1 s, and {@code why} for the message. */
    static void unavailable(Context ctx, String why) {
        ctx.header("Retry-After", "1");
        ApiServer.message(ctx, 503, why + "; retry shortly");
    }

    /**
     * The {@code limit} query parameter, from 1 to {@code max}; empty when absent.
     *
     * @throws BadRequestResponse when it is given but not such a number
     */
    static OptionalInt limit(Context ctx, int max) {
        String limit = ctx.queryParam("limit");
        if (limit == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= max) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequestResponse("limit: must be a whole number from 1 to " + max + ", got '" + limit + "'");
    }
}
