package io.prewarm.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Prewarm-Signature} of a callback: {@code sha256=} and the lower-case hex HMAC-SHA256 of
 * the exact body bytes under {@code PREWARM_WEBHOOK_SECRET}. A receiver recomputes it over the bytes
 * it received and compares in constant time ({@link #verify}), so it can tell our callbacks from
 * forged ones without a shared network.
 */
public final class Signature {
    public static final String HEADER = "X-Prewarm-Signature";
    static final String PREFIX = "sha256=";

    private Signature() {
    }

    /** The header's value for {@code body} under {@code secret}. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    /** Whether {@code header} is the signature of {@code body} under {@code secret} (hex in either case). */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = sign(secret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** {@link #verify(String, byte[], String)} of a body received as text (UTF-8). */
    public static boolean verify(String secret, String body, String header) {
        return verify(secret, body.getBytes(StandardCharsets.UTF_8), header);
    }

    private static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // every JDK has HmacSHA256, and it takes a key of any length
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
