package io.prewarm.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessConfigTest {

    @Test
    void keysAreTrimmedWithBlanksAndRepeatsDropped() {
        AccessConfig config = AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", " k1 , ,k2,,k1 ,"));
        assertEquals(List.of("k1", "k2"), config.apiKeys());
        assertTrue(config.keysRequired());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", " , ,, "})
    void blankKeysRequireNoKey(String keys) {
        assertFalse(AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", keys)).keysRequired());
    }

    @Test
    void nothingSetMeansNoKeysAndNoLimit() {
        AccessConfig config = AccessConfig.fromEnv(Map.of());
        assertFalse(config.keysRequired());
        assertFalse(config.rateLimited());
        assertEquals(0, config.rateLimitPerMinute());
    }

    @Test
    void rateLimitIsRequestsPerMinute() {
        assertEquals(30, AccessConfig.fromEnv(Map.of("PREWARM_RATE_LIMIT", " 30 ")).rateLimitPerMinute());
        assertFalse(AccessConfig.fromEnv(Map.of("PREWARM_RATE_LIMIT", "0")).rateLimited());
        assertFalse(AccessConfig.fromEnv(Map.of("PREWARM_RATE_LIMIT", "")).rateLimited());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "ten", "1.5", "99999999999", "1000001"})
    void badRateLimitIsRefusedNamingTheVariable(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AccessConfig.fromEnv(Map.of("PREWARM_RATE_LIMIT", value)));
        assertTrue(e.getMessage().startsWith("PREWARM_RATE_LIMIT"), e.getMessage());
    }

    @Test
    void blankKeyGivenDirectlyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AccessConfig(List.of("k1", " "), 0));
    }

    @Test
    void toStringNeverShowsTheKeys() {
        String text = AccessConfig.fromEnv(Map.of("PREWARM_API_KEYS", "secret-one,secret-two")).toString();
        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("2"), text);
    }
}
