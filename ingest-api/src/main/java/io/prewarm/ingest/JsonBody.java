package io.prewarm.ingest;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.prewarm.web.ApiServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code POST /prewarm} body as the text the validator parses, refusing first what cannot
 * be JSON text at all, each with a message naming the culprit: another media type or an unknown
 * charset (415, "Content-Type: ..."), a compressed body (415, "Content-Encoding: ..."), more than {@link ApiServer#MAX_BODY_BYTES}
 * (413, found by reading at most one byte more, so a chunked upload cannot fill the memory), bytes
 * that are not valid in the charset (UTF-8 unless declared) or a byte order mark (400, "body: ...").
 * Javalin's own {@code ctx.body()} answers a bare "Content Too Large", silently replaces malformed
 * bytes and fails with a 500 on an unknown charset.
 */
final class JsonBody {
    private static final long LIMIT = ApiServer.MAX_BODY_BYTES;
    /** How much of a refused body is read and dropped at most, so the 413 reaches the client. */
    private static final long DISCARD_LIMIT = 2 * LIMIT;

    private JsonBody() {
    }

    /** The body's text; throws a Javalin {@code HttpResponseException} (4xx, field-first message) when it is refused. */
    static String read(Context ctx) {
        Charset charset = charset(ctx.header("Content-Type"));
        String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new UnsupportedMediaTypeResponse("Content-Encoding: " + encoding + " is not supported; send the JSON uncompressed");
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > LIMIT) {
            discardRest(ctx);
            throw tooLarge(": " + declared + " bytes");
        }
        String text = decode(bytes(ctx), charset);
        if (text.startsWith("\uFEFF")) {
            throw new BadRequestResponse("body: starts with a byte order mark (U+FEFF); send the JSON without one");
        }
        return text;
    }

    /** UTF-8 unless the Content-Type names another charset Java knows; a type other than JSON is refused. */
    private static Charset charset(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw new UnsupportedMediaTypeResponse("Content-Type: send the body as application/json, got " + contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String name = param[1].trim().replaceAll("^\"|\"$", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    throw new UnsupportedMediaTypeResponse("Content-Type: unknown charset '" + name + "'; JSON is sent as UTF-8");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static byte[] bytes(Context ctx) {
        byte[] bytes;
        try {
            bytes = ctx.bodyInputStream().readNBytes((int) LIMIT + 1);
        } catch (IOException e) {
            throw new BadRequestResponse("body: could not be read (" + e.getMessage() + ")");
        }
        if (bytes.length > LIMIT) {
            discardRest(ctx);
            throw tooLarge("");
        }
        return bytes;
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DISCARD_LIMIT} more bytes, so a
     * client that sends it without {@code Expect: 100-continue} reads the 413 instead of a connection
     * reset while it is still writing. A client that asked to continue is answered before it sends.
     */
    private static void discardRest(Context ctx) {
        String expect = ctx.header("Expect");
        if (expect != null && expect.trim().equalsIgnoreCase("100-continue")) {
            return;
        }
        try {
            byte[] scratch = new byte[64 * 1024];
            long left = DISCARD_LIMIT;
            int n;
            while (left > 0 && (n = ctx.bodyInputStream().read(scratch, 0, (int) Math.min(scratch.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer anyway
        }
    }

    private static String decode(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestResponse("body: is not valid " + charset.name() + " text" + (charset.equals(StandardCharsets.UTF_8)
                    ? " (JSON is sent as UTF-8)" : ""));
        }
    }

    private static ContentTooLargeResponse tooLarge(String size) {
        return new ContentTooLargeResponse("body: over the limit of " + LIMIT + " bytes (" + LIMIT / (1024 * 1024) + " MiB)" + size);
    }
}
