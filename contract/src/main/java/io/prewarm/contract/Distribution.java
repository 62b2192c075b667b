package io.prewarm.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rule for CloudFront distribution names, used wherever one is accepted or dialled: a request's
 * {@code cf_domain} ({@code d111111abcdef8.cloudfront.net}), a task's dist ({@code d111111abcdef8}), a
 * dist found at the end of a CNAME chain, and the PoP host name built from a dist and a PoP id.
 */
public final class Distribution {
    public static final String SUFFIX = ".cloudfront.net";
    private static final String ID = "[a-z0-9][a-z0-9-]{0,62}";
    private static final Pattern DIST_ID = Pattern.compile(ID);
    private static final Pattern CF_DOMAIN = Pattern.compile(ID + Pattern.quote(SUFFIX));

    private Distribution() {
    }

    /** Whether {@code dist} is a distribution id like {@code d111111abcdef8}. */
    public static boolean isId(String dist) {
        return dist != null && DIST_ID.matcher(dist).matches();
    }

    /** Whether {@code domain} (already lower-case) is a distribution domain like {@code d111111abcdef8.cloudfront.net}. */
    public static boolean isDomain(String domain) {
        return domain != null && CF_DOMAIN.matcher(domain).matches();
    }

    /** The id of a distribution domain, when it is one. */
    public static Optional<String> idOf(String domain) {
        return isDomain(domain) ? Optional.of(domain.substring(0, domain.length() - SUFFIX.length())) : Optional.empty();
    }

    /** The name CloudFront's DNS answers with the addresses of one PoP, for one distribution. */
    public static String popHost(String dist, String pop) {
        return dist + "." + pop + SUFFIX;
    }
}
