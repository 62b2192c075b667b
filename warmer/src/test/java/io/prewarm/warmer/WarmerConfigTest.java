package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warmer's limits: defaults sized for real edges, what follows from them, and values that would stop it refused. */
class WarmerConfigTest {

    @Test
    void defaultsAreSizedForRealEdges() {
        WarmerConfig config = WarmerConfig.fromEnv(Map.of());
        assertEquals(1024, config.maxInFlight());
        assertEquals(64, config.maxPerPop());
        assertEquals(8192, config.maxPendingResults(), "8 x the slots");
        assertEquals(64, config.consumerProps().get("max.poll.records"), "batches of about 64 tasks: four times the slots per poll");
    }

    @Test
    void thePendingResultsBoundFollowsTheSlotsUnlessSet() {
        assertEquals(48, WarmerConfig.fromEnv(Map.of("PREWARM_WARMER_MAX_IN_FLIGHT", "6")).maxPendingResults());
        assertEquals(8, WarmerConfig.fromEnv(Map.of("PREWARM_WARMER_MAX_IN_FLIGHT", "6")).consumerProps().get("max.poll.records"));
        assertEquals(100, WarmerConfig.fromEnv(Map.of("PREWARM_WARMER_MAX_IN_FLIGHT", "6", "PREWARM_WARMER_MAX_PENDING_RESULTS", "100"))
                .maxPendingResults());
    }

    @Test
    void aDeadWarmersPartitionsMoveAfterTenSecondsWithHeartbeatsEveryThirdOfThat() {
        assertEquals(Duration.ofSeconds(10), WarmerConfig.fromEnv(Map.of()).sessionTimeout());
        assertEquals(Map.of("consumer.session.timeout.ms", "10000", "consumer.heartbeat.interval.ms", "3333"),
                GroupSession.configs(Duration.ofSeconds(10)));
        assertEquals("1000", GroupSession.configs(Duration.ofMillis(1500)).get("consumer.heartbeat.interval.ms"), "at least a second");
    }

    @Test
    void cancelledJobsAreRememberedForTheRetentionInHours() {
        assertEquals(Duration.ofHours(72), WarmerConfig.fromEnv(Map.of()).retention());
        assertEquals(Duration.ofHours(5), WarmerConfig.fromEnv(Map.of("PREWARM_RETENTION_HOURS", "5")).retention());
    }

    @Test
    void aLimitBelowOneIsRefusedByName() {
        for (String name : new String[] {"PREWARM_WARMER_MAX_IN_FLIGHT", "PREWARM_WARMER_MAX_PER_POP", "PREWARM_WARMER_MAX_PENDING_RESULTS",
            "PREWARM_RETENTION_HOURS"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WarmerConfig.fromEnv(Map.of(name, "0")));
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
        }
    }

    @Test
    void verificationIsOnNoProcessCapAndPopsAreBackedOffAfterThreeOverloadsByDefault() {
        WarmerConfig config = WarmerConfig.fromEnv(Map.of());
        assertTrue(config.verifyByDefault());
        assertEquals(0, config.maxRate());
        assertEquals(4096, config.maxWaitingBatches());
        assertEquals(3, config.popBackoffAfter());
        assertEquals(Duration.ofSeconds(60), config.popBackoffMax());
        assertEquals(Duration.ofMinutes(10), config.popGiveUp());
        assertEquals("w-7", WarmerConfig.fromEnv(Map.of("PREWARM_INSTANCE_ID", "w-7")).instanceId());
        assertEquals(false, WarmerConfig.fromEnv(Map.of("PREWARM_VERIFY", "false")).verifyByDefault());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WarmerConfig.fromEnv(Map.of("PREWARM_MAX_RATE", "-1")));
        assertTrue(e.getMessage().startsWith("PREWARM_MAX_RATE"), e.getMessage());
    }
}
