package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The delivery guarantees README promises are these settings; a change to them must be deliberate. */
class KafkaSettingsTest {

    @Test
    void producersAreIdempotentAndWaitForAllReplicas() {
        Map<String, Object> p = KafkaSettings.producer("k:9092");
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
    }

    @Test
    void streamsAppsRunExactlyOnceV2AndSkipRecordsTheyCannotRead() {
        Map<String, Object> s = KafkaSettings.streams("app", "k:9092", "/tmp/state");
        assertEquals("exactly_once_v2", s.get("processing.guarantee"));
        assertEquals("org.apache.kafka.streams.errors.LogAndContinueExceptionHandler", s.get("deserialization.exception.handler"));
    }

    @Test
    void processingExceptionsAreHandledEverywhereSoItsQuietedWarningIsFalse() {
        // log4j2.xml drops Kafka's "not enabled for the GlobalThread" warning because this is set
        assertEquals(true, KafkaSettings.streams("app", "k:9092", "/tmp/state").get("processing.exception.handler.global.enabled"));
    }
}
