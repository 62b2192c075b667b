package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private final JsonSerde<WarmResult> serde = new JsonSerde<>(WarmResult.class);

    @Test
    void nullIsATombstoneBothWays() {
        assertNull(serde.serializer().serialize("t", null));
        assertNull(serde.deserializer().deserialize("t", null));
    }

    @Test
    void aRecordSurvivesTheRoundTripAndNullsAreLeftOut() {
        WarmResult r = new WarmResult("r", "https://a.example/", "ATL56-C1", "br", Outcome.FAILURE, 503, null, null, 0, 12, 3, "HTTP 503", 99);
        byte[] bytes = serde.serializer().serialize("t", r);
        assertEquals(r, serde.deserializer().deserialize("t", bytes));
        assertTrue(!new String(bytes, StandardCharsets.UTF_8).contains("xCache"));
    }

    @Test
    void unknownFieldsAreToleratedForProducersAheadOfConsumers() {
        byte[] bytes = "{\"requestID\":\"r\",\"outcome\":\"SUCCESS\",\"added\":1}".getBytes(StandardCharsets.UTF_8);
        assertEquals("r", serde.deserializer().deserialize("t", bytes).requestID());
    }

    @Test
    void unreadableBytesAreASerializationExceptionNamingTheTopic() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("prewarm.results", "{not json".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("prewarm.results"), e.getMessage());
        assertThrows(SerializationException.class,
                () -> serde.deserializer().deserialize("t", "{\"outcome\":\"MAYBE\"}".getBytes(StandardCharsets.UTF_8)));
    }
}
