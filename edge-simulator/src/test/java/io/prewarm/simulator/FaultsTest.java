package io.prewarm.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private EdgeSimulator simulator;
    private PopClient client;

    @BeforeEach
    void start() {
        simulator = EdgeSimulator.builder().threads(4).start();
        client = new PopClient(simulator);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void faultsApplyToTheirPathAndPopOnly() throws Exception {
        simulator.fault("/busy", "IAD89-C1", Fault.status(503))
                .fault("/gone", null, Fault.status(404))
                .fault("/moved", null, Fault.redirect("https://elsewhere.example.com/new"));

        HttpResponse<byte[]> busy = client.get("IAD89-C1", "/busy?v=1");
        assertEquals(503, busy.statusCode());
        assertEquals("IAD89-C1", busy.headers().firstValue("x-amz-cf-pop").orElseThrow());
        assertEquals(0, busy.body().length);
        assertEquals(200, client.get("FRA56-P2", "/busy").statusCode());
        assertEquals(200, client.get("IAD89-C1", "/busy/not-quite").statusCode());
        assertEquals(404, client.get("FRA56-P2", "/gone").statusCode());
        HttpResponse<byte[]> moved = client.get("NRT57-P3", "/moved");
        assertEquals(302, moved.statusCode());
        assertEquals("https://elsewhere.example.com/new", moved.headers().firstValue("Location").orElseThrow());
        assertEquals("NRT57-P3", moved.headers().firstValue("x-amz-cf-pop").orElseThrow());
    }

    @Test
    void aPopSpecificFaultWinsOverOneForEveryPop() throws Exception {
        simulator.fault("/x", null, Fault.status(500)).fault("/x", "IAD89-C1", Fault.status(404));

        assertEquals(404, client.get("IAD89-C1", "/x").statusCode());
        assertEquals(500, client.get("FRA56-P2", "/x").statusCode());
    }

    @Test
    void faultedRequestsAreRecordedAndClearingFaultsRestoresNormalAnswers() throws Exception {
        simulator.fault("/x", null, Fault.status(500));
        client.get("IAD89-C1", "/x");
        simulator.clearFaults();

        assertEquals("Miss from cloudfront", client.get("IAD89-C1", "/x").headers().firstValue("X-Cache").orElseThrow());
        assertEquals(List.of("/x", "/x"), simulator.requests().stream().map(Request::pathAndQuery).toList());
    }

    @Test
    void aStalledRequestIsHeldUntilTheClientGivesUp() {
        simulator.fault("/stuck", null, Fault.stall());

        assertThrows(HttpTimeoutException.class, () -> client.get("IAD89-C1", "/stuck", Duration.ofMillis(300)));
        assertEquals("/stuck", simulator.requests().get(0).pathAndQuery());
        assertTimeoutPreemptively(Duration.ofSeconds(2), simulator::close);
    }

    @Test
    void stalledRequestsNeitherUseUpHandlerThreadsNorOutliveClose() throws Exception {
        simulator.fault("/stuck", null, Fault.stall());
        List<CompletableFuture<HttpResponse<byte[]>>> stalled = List.of(
                client.getAsync("IAD89-C1", "/stuck"), client.getAsync("IAD89-C1", "/stuck"),
                client.getAsync("FRA56-P2", "/stuck"), client.getAsync("FRA56-P2", "/stuck"),
                client.getAsync("NRT57-P3", "/stuck"));
        await().atMost(Duration.ofSeconds(5)).until(() -> simulator.requests().size() == stalled.size());

        assertEquals(200, client.get("IAD89-C1", "/fine").statusCode());
        assertTimeoutPreemptively(Duration.ofSeconds(2), simulator::close);
        for (CompletableFuture<HttpResponse<byte[]>> request : stalled) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> request.get(5, TimeUnit.SECONDS));
            assertInstanceOf(IOException.class, failure.getCause());
        }
    }
}
