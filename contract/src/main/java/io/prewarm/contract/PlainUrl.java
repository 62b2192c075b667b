package io.prewarm.contract;

/**
 * A fast check for the URLs nearly every request carries: plain ASCII {@code http(s)://host[:port][/path][?query]}.
 *
 * <p>It accepts only a subset of what {@link java.net.URI} accepts with a host, without user info and without a
 * fragment (the rules {@link RequestValidator} applies), so a string it accepts needs no {@code URI} parse; anything
 * else (IP literals, non-ASCII, odd characters, user info, fragments) returns false and goes the slow, exact way.
 * Parsing every URL with {@code java.net.URI} was the largest single cost of accepting a request (docs/benchmarks.md).
 */
final class PlainUrl {

    private static final boolean[] PATH = new boolean[128];
    private static final boolean[] QUERY = new boolean[128];

    static {
        // java.net.URI (RFC 2396): path = pchar | ";" | "/", pchar = unreserved | escaped | ":@&=+$,"; query = uric
        for (char c : "-_.!~*'():@&=+$,;/".toCharArray()) {
            PATH[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            PATH[c] = true;
            PATH[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PATH[c] = true;
        }
        System.arraycopy(PATH, 0, QUERY, 0, PATH.length);
        QUERY['?'] = true;
    }

    private PlainUrl() {
    }

    static boolean isPlain(String s) {
        int p = scheme(s);
        if (p < 0) {
            return false;
        }
        p = hostname(s, p);
        if (p < 0) {
            return false;
        }
        if (p < s.length() && s.charAt(p) == ':') {
            int digits = 0;
            for (p++; p < s.length() && isDigit(s.charAt(p)); p++) {
                digits++;
            }
            if (digits == 0 || digits > 5) {
                return false;
            }
        }
        if (p < s.length() && s.charAt(p) == '/') {
            p = run(s, p, PATH);
        }
        if (p < s.length() && s.charAt(p) == '?') {
            p = run(s, p + 1, QUERY);
        }
        return p == s.length();
    }

    /** The index after "http://" or "https://" (any case), or -1. */
    private static int scheme(String s) {
        if (s.regionMatches(true, 0, "http://", 0, 7)) {
            return 7;
        }
        return s.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
    }

    /** Labels of letters, digits and inner hyphens joined by dots, the last one starting with a letter; the index after it or -1. */
    private static int hostname(String s, int start) {
        int label = start;
        int p = start;
        while (true) {
            while (p < s.length() && (isAlnum(s.charAt(p)) || s.charAt(p) == '-')) {
                p++;
            }
            if (p == label || s.charAt(label) == '-' || s.charAt(p - 1) == '-') {
                return -1;
            }
            if (p == s.length() || s.charAt(p) != '.') {
                return isLetter(s.charAt(label)) ? p : -1;
            }
            label = ++p;
        }
    }

    /** The index of the first character that is neither in the set nor part of a %HH escape. */
    private static int run(String s, int p, boolean[] allowed) {
        while (p < s.length()) {
            char c = s.charAt(p);
            if (c == '%' && p + 2 < s.length() && isHex(s.charAt(p + 1)) && isHex(s.charAt(p + 2))) {
                p += 3;
            } else if (c < 128 && allowed[c]) {
                p++;
            } else {
                return p;
            }
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || isLetter(c);
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
