package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CacheabilityTest {

    /** Headers as name: value lines; a name may repeat. */
    private static Optional<Cacheability.Uncacheable> of(String... lines) {
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : lines) {
            int colon = line.indexOf(':');
            h.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        return Cacheability.uncacheable(name -> h.getOrDefault(name, List.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Cache-Control: no-store|Cache-Control|no-store",
        "Cache-Control: private, max-age=600|Cache-Control|private, max-age=600",
        "Cache-Control: no-cache|Cache-Control|no-cache",
        "Cache-Control: public, max-age=0|Cache-Control|public, max-age=0",
        "Cache-Control: max-age=3600, s-maxage=0|Cache-Control|max-age=3600, s-maxage=0",
        "Cache-Control: max-age=abc|Cache-Control|max-age=abc",
        "Vary: *|Vary|*",
        "Vary: Accept-Encoding, *|Vary|Accept-Encoding, *",
        "Expires: Thu, 01 Jan 1970 00:00:00 GMT|Expires|Thu, 01 Jan 1970 00:00:00 GMT",
        "Expires: 0|Expires|0",
    })
    void theHeaderThatForbidsCachingIsNamedWithItsValue(String line, String header, String value) {
        assertEquals(Optional.of(new Cacheability.Uncacheable(header, value)), of(line));
    }

    @Test
    void aCookieIsNamedWithoutItsValue() {
        Cacheability.Uncacheable u = of("Cache-Control: public, max-age=60", "Set-Cookie: session=s3cr3t; Path=/", "Set-Cookie: ab=1").orElseThrow();
        assertEquals("Set-Cookie", u.header());
        assertEquals("session=..., ab=...", u.value());
        assertFalse(u.toString().contains("s3cr3t"));
    }

    @Test
    void directivesSplitOverSeveralHeaderLinesCountTogether() {
        assertEquals("public, no-store", of("Cache-Control: public", "Cache-Control: no-store").orElseThrow().value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cache-Control: public, max-age=3600", "Cache-Control: max-age=0, s-maxage=600", "Cache-Control: s-maxage=60",
        "Vary: Accept-Encoding", "Content-Type: text/html"})
    void aCacheableAnswerHasNoReason(String line) {
        assertEquals(Optional.empty(), of(line));
    }

    @Test
    void expiresCountsAgainstTheAnswersOwnDateAndYieldsToMaxAge() {
        assertTrue(of("Date: Wed, 02 Dec 2026 07:00:00 GMT", "Expires: Wed, 02 Dec 2026 06:00:00 GMT").isPresent());
        assertTrue(of("Date: Wed, 02 Dec 2026 07:00:00 GMT", "Expires: Wed, 02 Dec 2026 08:00:00 GMT").isEmpty());
        assertTrue(of("Cache-Control: max-age=60", "Expires: Thu, 01 Jan 1970 00:00:00 GMT").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Hit from cloudfront|true", "RefreshHit from cloudfront|true", "hit|true",
        "Miss from cloudfront|false", "Error from cloudfront|false", "LimitExceeded from cloudfront|false", "|false"})
    void hitsAreHitAndRefreshHit(String xCache, boolean hit) {
        assertEquals(hit, Cacheability.isHit(xCache == null ? null : xCache.toLowerCase(Locale.ROOT).equals("hit") ? "Hit" : xCache));
    }
}
