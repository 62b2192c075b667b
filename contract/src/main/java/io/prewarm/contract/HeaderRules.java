package io.prewarm.contract;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Prewarm lets a job send in a warm request's headers: extra headers (a User-Agent, an
 * Authorization a distribution requires) and Accept-Encoding variants. Headers that would change where
 * a request goes or how the connection behaves (Host, hop-by-hop headers, framing) are Prewarm's own,
 * and no value may smuggle a second header line. Ingest, the expander and the warmer all ask here.
 */
public final class HeaderRules {
    public static final int MAX_HEADERS = 20;
    private static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[\\t\\x20-\\x7e\\x80-\\xff]{0,1024}");
    private static final Pattern ACCEPT_ENCODING = Pattern.compile("[A-Za-z0-9*,;=. -]{0,200}");
    private static final Set<String> PREWARMS = Set.of("host", "connection", "keep-alive", "proxy-connection", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "expect", "accept-encoding");

    /** What is wrong with one extra header. */
    public enum Problem {
        BAD_NAME, PREWARMS_OWN, BAD_VALUE
    }

    private HeaderRules() {
    }

    /** Why the header {@code name: value} cannot be sent, or empty when it can. */
    public static Optional<Problem> problem(String name, String value) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of(Problem.BAD_NAME);
        }
        if (PREWARMS.contains(name.toLowerCase(Locale.ROOT))) {
            return Optional.of(Problem.PREWARMS_OWN);
        }
        return value == null || !VALUE.matcher(value).matches() ? Optional.of(Problem.BAD_VALUE) : Optional.empty();
    }

    /** Whether {@code value} (already trimmed) is an Accept-Encoding value Prewarm sends ({@code ""}: none). */
    public static boolean isAcceptEncoding(String value) {
        return value != null && ACCEPT_ENCODING.matcher(value).matches();
    }
}
