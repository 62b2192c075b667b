package io.prewarm.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The configured API keys, kept only as SHA-256 digests and checked in constant time: the given
 * key's digest is compared with every configured digest by {@link MessageDigest#isEqual}, all of
 * them every time, so neither the position of a mismatch, nor which key matched, nor a key's length
 * shows in the response time.
 */
final class ApiKeys {
    private final List<byte[]> digests;

    ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    boolean required() {
        return !digests.isEmpty();
    }

    /** The index of the configured key equal to {@code given}, empty when none is (or none given). */
    OptionalInt match(String given) {
        byte[] digest = sha256(given == null ? "" : given);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            boolean equal = MessageDigest.isEqual(digests.get(i), digest);
            found = equal ? i : found;
        }
        // no configured key is empty (AccessConfig drops blanks), so "" never matches
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
