package io.prewarm.status;

import io.prewarm.contract.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The status store's settings. {@code advertisedHost} with the HTTP port is what other instances
 * use to forward a status query for a key this instance owns.
 */
public record StatusConfig(String bootstrapServers, Path stateDir, boolean showSuccessUrls, String advertisedHost,
                           StatusTopology.Settings topology) {
    public static final String APPLICATION_ID = "prewarm-status";

    public static StatusConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new StatusConfig(
                env.bootstrapServers(),
                env.dataDir().resolve("streams"),
                env.flag("PREWARM_SHOW_SUCCESS_URLS", false),
                env.get("PREWARM_ADVERTISED_HOST", "127.0.0.1"),
                new StatusTopology.Settings(Duration.ofSeconds(env.integer("PREWARM_STATUS_SWEEP_SECONDS", 10)),
                        Duration.ofHours(env.integer("PREWARM_RETENTION_HOURS", 72)), 20_000));
    }
}
