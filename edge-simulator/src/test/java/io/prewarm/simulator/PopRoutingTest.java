package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PopRoutingTest {
    private EdgeSimulator simulator;
    private PopClient client;

    @BeforeEach
    void start() {
        simulator = EdgeSimulator.builder().start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void theAnsweringPopIsTheOneTheAddressBelongsTo() throws Exception {
        HttpResponse<byte[]> iad = client.get("IAD89-C1", "/x");
        HttpResponse<byte[]> fra = client.get("FRA56-P2", "/x");

        assertEquals("IAD89-C1", iad.headers().firstValue("x-amz-cf-pop").orElseThrow());
        assertEquals("FRA56-P2", fra.headers().firstValue("x-amz-cf-pop").orElseThrow());
        assertEquals(List.of("IAD89-C1", "FRA56-P2"), simulator.requests().stream().map(Request::pop).toList());
    }

    @Test
    void anAddressNoPopHasIsPopUnknown() throws Exception {
        HttpResponse<byte[]> response = client.get(null, "/x");

        assertEquals("UNKNOWN", response.headers().firstValue("x-amz-cf-pop").orElseThrow());
        assertEquals("UNKNOWN", simulator.requests().get(0).pop());
    }

    @Test
    void eachRequestIsRecordedAsTheClientSentIt() throws Exception {
        client.get("IAD89-C1", "/img/a%20b.png?w=100&h=50", "gzip, br");

        Request request = simulator.requests().get(0);
        assertEquals("IAD89-C1", request.pop());
        assertFalse(request.tls());
        assertNull(request.sni());
        assertEquals(PopClient.HOST, request.host());
        assertEquals("/img/a%20b.png?w=100&h=50", request.pathAndQuery());
        assertEquals("gzip, br", request.acceptEncoding());
        assertEquals("gzip, br", request.headers().get("accept-encoding"));
        assertTrue(request.headers().containsKey("user-agent"));
    }

    @Test
    void pathsAStrictServerWouldCallAmbiguousAreServedAndRecordedAsSent() throws Exception {
        HttpResponse<byte[]> response = client.get("IAD89-C1", "/a%2Fb//c%25d");

        assertEquals(200, response.statusCode());
        assertEquals("/a%2Fb//c%25d", simulator.requests().get(0).pathAndQuery());
    }

    @Test
    void clearingRequestsForgetsThoseSeenSoFar() throws Exception {
        client.get("IAD89-C1", "/1");
        simulator.clearRequests();
        client.get("IAD89-C1", "/2");

        assertEquals(List.of("/2"), simulator.requests().stream().map(Request::pathAndQuery).toList());
    }
}
