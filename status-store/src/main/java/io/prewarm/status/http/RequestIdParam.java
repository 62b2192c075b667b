package io.prewarm.status.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.prewarm.contract.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The requestID a job endpoint is about: the {@code requestID} query parameter, or, when there is
 * none, a JSON body {@code {"requestID": "..."}} (as the first seed's {@code GET /status} sends it).
 * Every mistake is a 400 naming {@code requestID}. Forwarded to the owner, it always travels in the
 * query string, so the internal endpoints never need a body.
 */
final class RequestIdParam {
    static final String NAME = "requestID";

    private RequestIdParam() {
    }

    /** @throws BadRequestResponse when neither the query nor the body gives one */
    static String of(Context ctx) {
        String query = ctx.queryParam(NAME);
        if (query != null) {
            if (query.isBlank()) {
                throw new BadRequestResponse(NAME + ": must not be empty");
            }
            return query;
        }
        String body = ctx.body();
        if (body.isBlank()) {
            throw new BadRequestResponse(NAME + ": query parameter is required, as in " + ctx.path() + "?requestID=... (or a JSON body {\"requestID\": \"...\"})");
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse(NAME + ": the body is not valid JSON (" + e.getOriginalMessage() + "); send {\"requestID\": \"...\"} or the query parameter");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestResponse(NAME + ": the body must be a JSON object like {\"requestID\": \"...\"}");
        }
        JsonNode id = node.get(NAME);
        if (id == null || id.isNull()) {
            throw new BadRequestResponse(NAME + ": is required, as a query parameter or a field of the JSON body");
        }
        if (!id.isTextual() || id.asText().isBlank()) {
            throw new BadRequestResponse(NAME + ": must be a non-empty string, got " + id);
        }
        return id.asText();
    }

    /** The request's query string with {@code id} in it (added when it came in the body). */
    static String forwardedQuery(Context ctx, String id) {
        String query = ctx.queryString() == null ? "" : ctx.queryString();
        if (ctx.queryParam(NAME) != null) {
            return query;
        }
        return (query.isEmpty() ? "" : query + "&") + NAME + "=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
