package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://www.example.com/index.html", "http://a.example", "HTTPS://A.Example:8443/x?y=1&z=%2F",
            "https://cdn.example.com/img/a%20b.png?v=3;w=(1)", "http://x1.example/?", "https://a-b.c-d.example/~u/*'!$,@:"})
    void commonUrlsTakeTheFastPath(String url) {
        assertTrue(PlainUrl.isPlain(url), url);
        assertAcceptedByUri(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user@a.example/", "https://a.example/#top", "https://10.0.0.1/", "https://[::1]/",
            "https://a.example./", "https://-a.example/", "https://a-.example/", "https://a..example/", "https://a.1example/",
            "ftp://a.example/", "https://a.example:/", "https://a.example:123456/", "https://a.example/%zz", "https://a.example/ä",
            "https://a.example/ b", "https://a.example/[x]", "https:/a.example/", "//a.example/", "https://", "https://a.example\\x"})
    void anythingUnusualGoesTheExactWay(String url) {
        assertFalse(PlainUrl.isPlain(url), url);
    }

    /** Random mutations of a URL: whatever the fast path accepts, java.net.URI accepts with the same verdict. */
    @Test
    void neverAcceptsWhatTheExactCheckWouldRefuse() {
        Random random = new Random(20261130L);
        String alphabet = "aZ09-._~:/?#[]@!$&'()*+,;=% \\\"<>^`{|}\tä\u0000";
        String[] seeds = {"https://www.example.com:443/a/b.png?x=1&y=%41", "http://a.b/", "https://x.example/p;q=1?r"};
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = 4 + random.nextInt(s.length() - 4);
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> s.insert(at, c);
                    case 1 -> s.setCharAt(Math.min(at, s.length() - 1), c);
                    default -> s.deleteCharAt(Math.min(at, s.length() - 1));
                }
            }
            String url = s.toString();
            if (PlainUrl.isPlain(url)) {
                accepted++;
                assertAcceptedByUri(url);
            }
        }
        assertTrue(accepted > 10_000, "the mutations should keep many URLs plain, got " + accepted);
    }

    private static void assertAcceptedByUri(String url) {
        try {
            URI uri = new URI(url);
            assertTrue(uri.getScheme().toLowerCase(Locale.ROOT).matches("https?"), url);
            assertNotNull(uri.getHost(), url);
            assertNull(uri.getRawUserInfo(), url);
            assertNull(uri.getRawFragment(), url);
            assertEquals(url, uri.toString());
        } catch (URISyntaxException e) {
            fail("fast path accepted what java.net.URI refuses: " + url + " (" + e.getMessage() + ")");
        }
    }
}
