package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every stage asks: what a URL, a header and a distribution name may be. */
class RulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://a.example/", "http://a.example:8080/p?q=1", "https://[::1]/x", "https://a.example/ü"})
    void warmableUrlsPass(String url) {
        assertEquals(Optional.empty(), UrlRules.problem(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://a.example/|must be an absolute http",
        "/relative|must be an absolute http",
        "https://u:p@a.example/|must not contain user info",
        "https://a.example/#top|must not contain a #fragment",
        "https:///nohost|has no host",
        "https://a.example/ x|is not a valid URL",
    })
    void unwarmableUrlsSayWhy(String url, String reason) {
        assertTrue(UrlRules.problem(url).orElseThrow().startsWith(reason), UrlRules.problem(url).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "connection", "Proxy-Authenticate", "Proxy-Authorization", "Transfer-Encoding", "Accept-Encoding", "TE"})
    void prewarmsOwnHeadersCannotBeSet(String name) {
        assertEquals(Optional.of(HeaderRules.Problem.PREWARMS_OWN), HeaderRules.problem(name, "x"));
    }

    @Test
    void smuggledHeaderLinesAndBadNamesAreRefused() {
        assertEquals(Optional.of(HeaderRules.Problem.BAD_VALUE), HeaderRules.problem("X-A", "1\r\nX-B: 2"));
        assertEquals(Optional.of(HeaderRules.Problem.BAD_VALUE), HeaderRules.problem("X-A", null));
        assertEquals(Optional.of(HeaderRules.Problem.BAD_NAME), HeaderRules.problem("Bad Name", "1"));
        assertEquals(Optional.empty(), HeaderRules.problem("User-Agent", "Mozilla/5.0 prewarm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "br", "", "gzip, deflate, br", "gzip;q=1.0, *;q=0"})
    void acceptEncodingValues(String value) {
        assertTrue(HeaderRules.isAcceptEncoding(value));
        assertFalse(HeaderRules.isAcceptEncoding(value + "\r\nX: y"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"d111111abcdef8.cloudfront.net|d111111abcdef8", "a-b.cloudfront.net|a-b"})
    void aDistributionDomainNamesItsId(String domain, String id) {
        assertEquals(Optional.of(id), Distribution.idOf(domain));
        assertTrue(Distribution.isId(id));
        assertEquals(id + ".ATL56-C1.cloudfront.net", Distribution.popHost(id, "ATL56-C1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil.example.com", "d1.cloudfront.net.evil.example", "-d1.cloudfront.net", "D1.CLOUDFRONT.NET", "d1.x.cloudfront.net"})
    void otherNamesAreNotDistributions(String domain) {
        assertFalse(Distribution.isDomain(domain));
        assertFalse(Distribution.isId(domain));
    }

    @Test
    void credentialsInAUrlAreNotRepeatedInTheReason() {
        String reason = UrlRules.problem("https://user:s3cret@a.example/x").orElseThrow();
        assertFalse(reason.contains("s3cret"), reason);
        assertTrue(reason.contains("https://***@a.example/x"), reason);
    }
}
