package io.prewarm.contract;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a URL to warm must be: absolute http(s), with a host, without user info or a fragment, at most
 * {@value #MAX_LENGTH} characters, sendable as UTF-8. Ingest refuses a request for it (400 naming the
 * field), the expander dead-letters a direct producer's record for it, and the warmer refuses a task for
 * it before dialling: all three ask this one class.
 */
public final class UrlRules {
    public static final int MAX_LENGTH = 4096;
    /** The schemes a URL may have, and the protocols a PoP may be reached by (a request's {@code protocol}). */
    public static final List<String> PROTOCOLS = List.of("http", "https");

    private UrlRules() {
    }

    /** Why {@code url} cannot be warmed (a phrase to follow the field's name), or empty when it can. */
    public static Optional<String> problem(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("must be a non-empty string URL");
        }
        if (url.length() > MAX_LENGTH) {
            return Optional.of("is longer than " + MAX_LENGTH + " characters");
        }
        if (PlainUrl.isPlain(url)) {
            return Optional.empty(); // the common case, without a java.net.URI parse
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(url)) {
            // a lone surrogate escape: no URL can carry it, and the UTF-8 serializer on the way to Kafka would fail on it
            return Optional.of("contains an unpaired UTF-16 surrogate (a lone \\uD800-\\uDFFF escape)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL (" + e.getReason() + "): " + quote(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!PROTOCOLS.contains(scheme)) {
            return Optional.of("must be an absolute http:// or https:// URL: " + quote(url));
        }
        if (uri.getRawUserInfo() != null) {
            // the answer and the logs show the URL without the credentials it carries
            return Optional.of("must not contain user info: " + quote(url.replace(uri.getRawUserInfo() + "@", "***@")));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("has no host: " + quote(url));
        }
        if (uri.getRawFragment() != null) {
            return Optional.of("must not contain a #fragment (it is never sent to a CDN): " + quote(url));
        }
        return Optional.empty();
    }

    /** {@code s} in quotes, cut at 200 characters, for a message. */
    static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return '"' + shown + '"';
    }
}
