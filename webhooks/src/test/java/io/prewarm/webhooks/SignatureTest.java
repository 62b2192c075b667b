package io.prewarm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {
    private static final byte[] BODY = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    // RFC 4231, test case 2 (HMAC-SHA-256 with key "Jefe")
    private static final String EXPECTED = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    @Test
    void signatureIsTheLowerCaseHexHmacSha256OfTheBody() {
        assertEquals(EXPECTED, Signature.sign("Jefe", BODY));
    }

    @Test
    void verifyAcceptsTheSignatureOfTheExactBody() {
        assertTrue(Signature.verify("Jefe", BODY, EXPECTED));
        assertTrue(Signature.verify("Jefe", "what do ya want for nothing?", EXPECTED));
        assertTrue(Signature.verify("Jefe", BODY, EXPECTED.toUpperCase().replace("SHA256=", "sha256=")));
    }

    @Test
    void verifyRejectsAnotherBodySecretOrShape() {
        assertFalse(Signature.verify("Jefe", "what do ya want for nothing!", EXPECTED));
        assertFalse(Signature.verify("jefe", BODY, EXPECTED));
        assertFalse(Signature.verify("Jefe", BODY, EXPECTED.substring("sha256=".length())));
        assertFalse(Signature.verify("Jefe", BODY, EXPECTED.substring(0, EXPECTED.length() - 2)));
        assertFalse(Signature.verify("Jefe", BODY, null));
    }

    @Test
    void signsUtf8BodiesByteForByte() {
        String body = "{\"requestID\":\"réq-ü\"}";
        String header = Signature.sign("s3cret", body.getBytes(StandardCharsets.UTF_8));
        assertTrue(Signature.verify("s3cret", body, header));
        assertFalse(Signature.verify("s3cret", body.getBytes(StandardCharsets.ISO_8859_1), header));
    }
}
