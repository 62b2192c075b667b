package io.prewarm.status.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The request a status instance sends to the owner of a requestID: with API keys on, it must carry the caller's key. */
class StatusForwardRequestTest {
    private static final URI OWNER = URI.create("http://10.0.0.7:8080/internal/status?requestID=r1");

    private static HttpRequest forward(Optional<String> apiKey) {
        return PeerClient.forwardRequest("GET", OWNER, PeerClient.FORWARD_TIMEOUT, new PeerClient.Caller(apiKey, Optional.empty()));
    }

    @Test
    void forwardCarriesTheCallersApiKey() {
        HttpRequest request = forward(Optional.of("alpha-3f9c1d2e7b"));
        assertEquals(List.of("alpha-3f9c1d2e7b"), request.headers().allValues("x-api-key"));
        assertEquals(OWNER, request.uri());
    }

    @Test
    void forwardWithoutKeySendsNone() {
        assertEquals(Optional.empty(), forward(Optional.empty()).headers().firstValue("x-api-key"));
    }

    @Test
    void aValueHttpClientCannotSendIsLeftOut() {
        HttpRequest request = forward(Optional.of("bad\u0001value"));
        assertEquals(Optional.empty(), request.headers().firstValue("x-api-key"));
    }

    @Test
    void theCallersAcceptedEncodingsGoToTheOwnerWhichCompressesForIt() {
        HttpRequest request = PeerClient.forwardRequest("GET", OWNER, PeerClient.FORWARD_TIMEOUT,
                new PeerClient.Caller(Optional.empty(), Optional.of("gzip, deflate")));
        assertEquals(Optional.of("gzip, deflate"), request.headers().firstValue("Accept-Encoding"));
        assertEquals(Optional.empty(), forward(Optional.empty()).headers().firstValue("Accept-Encoding"));
    }

    @Test
    void anOwnerHasThirtySecondsForItsHeadersAndThenThirtyBetweenBytesAndAPeerListingFive() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), forward(Optional.empty()).timeout());
        assertEquals(Duration.ofSeconds(30), PeerClient.FORWARD_IDLE);
        HttpRequest listing = PeerClient.request(URI.create("http://10.0.0.7:8080/internal/jobs?limit=20"), PeerClient.LIST_TIMEOUT,
                Optional.of("alpha-3f9c1d2e7b"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), listing.timeout());
        assertEquals(List.of("alpha-3f9c1d2e7b"), listing.headers().allValues("x-api-key"));
    }
}
