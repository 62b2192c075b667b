package io.prewarm.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prewarm.contract.CompactSerde;
import io.prewarm.contract.Json;
import io.prewarm.webhooks.DeliveryState.State;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {
    private static final String BODY = "{\"requestID\":\"job-1\",\"status\":\"COMPLETED\"}";

    @Test
    void firstIsPendingDueAtOnceWithAFreshDeliveryId() {
        DeliveryState a = DeliveryState.first("job-1", "https://cb.example/hook", BODY, 1_000);
        assertEquals(State.PENDING, a.state());
        assertEquals(0, a.attempts());
        assertEquals(1_000, a.nextAttemptAt());
        assertEquals(1_000, a.createdAt());
        assertNotEquals(a.deliveryId(), DeliveryState.first("job-1", "https://cb.example/hook", BODY, 1_000).deliveryId());
    }

    @Test
    void roundTripsThroughTheStoresSmileAndJson() throws Exception {
        DeliveryState s = Backoff.next(DeliveryState.first("job-1", "https://cb.example/hook", BODY, 1_000), Attempt.answered(503, null), 2_000);
        CompactSerde<DeliveryState> serde = CompactSerde.of(DeliveryState.class);
        byte[] smile = serde.serializer().serialize("t", s);
        assertTrue(CompactSerde.isSmile(smile));
        assertEquals(s, serde.deserializer().deserialize("t", smile));
        byte[] json = Json.MAPPER.writeValueAsBytes(s);
        assertEquals(s, serde.deserializer().deserialize("t", json));
    }

    @Test
    void withoutBodyShowsEverythingButTheBody() throws Exception {
        DeliveryState s = DeliveryState.first("job-1", "https://cb.example/hook", BODY, 1_000);
        String shown = Json.MAPPER.writeValueAsString(s.withoutBody());
        assertFalse(shown.contains("\"body\""), shown);
        assertTrue(shown.contains("\"deliveryId\":\"" + s.deliveryId() + "\""), shown);
        assertTrue(shown.contains("\"state\":\"PENDING\""), shown);
        assertNull(s.withoutBody().body());
        String stored = new String(Json.MAPPER.writeValueAsBytes(s), StandardCharsets.UTF_8);
        assertTrue(stored.contains("\"body\":"), stored);
    }
}
