package io.prewarm.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest role's settings from a plain map, as {@code ./prewarm} reads them from the environment. */
class IngestConfigTest {

    @Test
    void withoutSettingsNoCallbackIsAcceptedAndJobsGetTheDefaultDeadline() {
        IngestConfig config = IngestConfig.fromEnv(Map.of());
        assertFalse(config.webhooks().enabled());
        assertEquals(Duration.ofMinutes(300), config.requestTimeout());
        assertEquals(100_000, config.maxUrls());
    }

    @Test
    void theWebhookSecretAllowListAndRequestTimeoutAreRead() {
        IngestConfig config = IngestConfig.fromEnv(Map.of("PREWARM_WEBHOOK_SECRET", "s3cret", "PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8, 10.1.0.0/16",
                "PREWARM_REQUEST_TIMEOUT_MINUTES", "60"));
        assertTrue(config.webhooks().enabled());
        assertTrue(config.webhooks().problem("http://127.0.0.1:9/hook").isEmpty(), "loopback is allowed by the list");
        assertEquals(Duration.ofMinutes(60), config.requestTimeout());
    }

    @Test
    void aBadAllowListIsRefusedByItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IngestConfig.fromEnv(Map.of("PREWARM_WEBHOOK_ALLOW", "localhost")));
        assertTrue(e.getMessage().startsWith("PREWARM_WEBHOOK_ALLOW: "), e.getMessage());
    }
}
