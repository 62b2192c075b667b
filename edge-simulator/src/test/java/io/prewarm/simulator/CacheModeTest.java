package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheModeTest {
    private static final String POP = "IAD89-C1";
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T04:00:00Z"));
    private final InstantSource clock = () -> now.get();
    private EdgeSimulator simulator;
    private PopClient client;

    private void start(boolean cacheMode) {
        simulator = EdgeSimulator.builder().cacheMode(cacheMode).clock(clock).start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void aCacheablePathIsAMissThenAHitWithItsAge() throws Exception {
        start(true);

        HttpResponse<byte[]> first = client.get(POP, "/app.js");
        now.set(now.get().plusSeconds(42));
        HttpResponse<byte[]> second = client.get(POP, "/app.js");

        assertEquals("Miss from cloudfront", header(first, "X-Cache"));
        assertEquals("(none)", header(first, "Age"));
        assertEquals("public, max-age=3600", header(first, "Cache-Control"));
        assertEquals("Hit from cloudfront", header(second, "X-Cache"));
        assertEquals("42", header(second, "Age"));
        assertEquals(POP, header(second, "x-amz-cf-pop"));
        assertEquals(header(first, "ETag"), header(second, "ETag"));
        assertEquals(1024, second.body().length);
        assertEquals(1, simulator.originRequests());
        assertEquals(1, simulator.originRequests("/app.js"));
    }

    @ParameterizedTest
    @CsvSource({
            "/nocache/no-store/a.js, Cache-Control, no-store",
            "/nocache/private/a.js, Cache-Control, private",
            "/nocache/no-cache/a.js, Cache-Control, no-cache",
            "/nocache/max-age-0/a.js, Cache-Control, max-age=0",
            "/nocache/set-cookie/a.js, Set-Cookie, session=simulated; Path=/; HttpOnly",
            "/nocache/vary-star/a.js, Vary, *"})
    void anUncacheablePathStaysAMissAndGoesToTheOriginEachTime(String path, String header, String value) throws Exception {
        start(true);

        for (int i = 1; i <= 3; i++) {
            HttpResponse<byte[]> response = client.get(POP, path);
            assertEquals(200, response.statusCode());
            assertEquals("Miss from cloudfront", header(response, "X-Cache"));
            assertEquals(value, header(response, header));
            assertEquals(i, simulator.originRequests(path));
        }
        assertEquals(3, simulator.originRequests());
    }

    @Test
    void aConditionalRequestWithTheEtagIsAnsweredNotModifiedFromCache() throws Exception {
        start(true);
        String etag = header(client.get(POP, "/logo.png", Map.of()), "ETag");

        HttpResponse<byte[]> revalidated = client.get(POP, "/logo.png", Map.of("If-None-Match", etag));
        HttpResponse<byte[]> otherTag = client.get(POP, "/logo.png", Map.of("If-None-Match", "\"other\""));

        assertEquals(304, revalidated.statusCode());
        assertEquals(0, revalidated.body().length);
        assertEquals("Hit from cloudfront", header(revalidated, "X-Cache"));
        assertEquals(etag, header(revalidated, "ETag"));
        assertEquals(200, otherTag.statusCode());
        assertEquals(1, simulator.originRequests());
    }

    @Test
    void anIfModifiedSinceAtTheLastModifiedDateIsNotModified() throws Exception {
        start(true);
        String lastModified = header(client.get(POP, "/page.html", Map.of()), "Last-Modified");

        HttpResponse<byte[]> since = client.get(POP, "/page.html", Map.of("If-Modified-Since", lastModified));
        HttpResponse<byte[]> before = client.get(POP, "/page.html", Map.of("If-Modified-Since", "Thu, 01 Jan 2015 00:00:00 GMT"));

        assertEquals(304, since.statusCode());
        assertEquals(200, before.statusCode());
        assertEquals("Hit from cloudfront", header(since, "X-Cache"));
    }

    @Test
    void eachEncodingVariantHasItsOwnEtag() throws Exception {
        start(true);

        String br = header(client.get(POP, "/v.js", "br"), "ETag");
        String gzip = header(client.get(POP, "/v.js", "gzip"), "ETag");

        assertTrue(!br.equals(gzip), br + " for both");
        assertEquals(2, simulator.originRequests("/v.js"));
    }

    @Test
    void anExpiredEntryIsRefetchedAsARefreshHit() throws Exception {
        start(true);
        String path = "/max-age/60/feed.json";
        client.get(POP, path);

        now.set(now.get().plusSeconds(59));
        HttpResponse<byte[]> fresh = client.get(POP, path);
        now.set(now.get().plusSeconds(2));
        HttpResponse<byte[]> refreshed = client.get(POP, path);
        now.set(now.get().plusSeconds(5));
        HttpResponse<byte[]> again = client.get(POP, path);

        assertEquals("Hit from cloudfront", header(fresh, "X-Cache"));
        assertEquals("RefreshHit from cloudfront", header(refreshed, "X-Cache"));
        assertEquals("0", header(refreshed, "Age"));
        assertEquals("Hit from cloudfront", header(again, "X-Cache"));
        assertEquals("5", header(again, "Age"));
        assertEquals(2, simulator.originRequests(path));
    }

    @Test
    void sMaxageWinsOverMaxAgeForTheEdge() throws Exception {
        start(true);
        String path = "/s-maxage/10/data.json";
        HttpResponse<byte[]> first = client.get(POP, path);

        now.set(now.get().plus(Duration.ofSeconds(11)));
        HttpResponse<byte[]> expired = client.get(POP, path);

        assertEquals("public, max-age=3600, s-maxage=10", header(first, "Cache-Control"));
        assertEquals("RefreshHit from cloudfront", header(expired, "X-Cache"));
        assertEquals(2, simulator.originRequests());
    }

    @Test
    void eachPopIsItsOwnCacheInFrontOfTheSameOrigin() throws Exception {
        start(true);
        client.get(POP, "/shared.css");

        assertEquals("Miss from cloudfront", header(client.get("FRA56-P2", "/shared.css"), "X-Cache"));
        assertEquals("Hit from cloudfront", header(client.get(POP, "/shared.css"), "X-Cache"));
        assertEquals(2, simulator.originRequests("/shared.css"));
    }

    @Test
    void withoutCacheModeAnswersAreAsBeforeAndNoOriginIsAsked() throws Exception {
        start(false);

        HttpResponse<byte[]> first = client.get(POP, "/nocache/no-store/a.js");
        HttpResponse<byte[]> second = client.get(POP, "/nocache/no-store/a.js");

        assertEquals("Miss from cloudfront", header(first, "X-Cache"));
        assertEquals("Hit from cloudfront", header(second, "X-Cache"));
        for (String absent : new String[] {"Cache-Control", "ETag", "Last-Modified", "Age"}) {
            assertTrue(second.headers().firstValue(absent).isEmpty(), absent + " present");
        }
        assertEquals(0, simulator.originRequests());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }
}
