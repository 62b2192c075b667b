package io.prewarm.status;

import io.prewarm.contract.ClusterSettings;
import io.prewarm.contract.Env;
import io.prewarm.contract.WebhookPolicy;
import io.prewarm.status.fold.StatusTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The status store's settings. {@code advertisedHost} with the HTTP port is what other instances
 * use to forward a status query for a key this instance owns. {@code commitInterval} is the Streams
 * app's {@code commit.interval.ms} and also sets how long queries wait after a takeover (the state
 * restored can be up to one commit interval old), so the two cannot drift apart. {@code readWait}
 * bounds how long a query for a job not (yet) in the store waits for the inputs to be read before
 * it answers 503 rather than 404; {@code requestTimeout} is the deadline of a retry job without
 * {@code timeout_minutes}, as for any new job; {@code webhooks} signs and checks the callbacks of
 * jobs that have one (none are sent without its secret); {@code cluster} replicates the app's
 * internal topics and keeps {@code PREWARM_STANDBY_REPLICAS} standby copies of its stores.
 */
public record StatusConfig(String bootstrapServers, Path stateDir, boolean showSuccessUrls, String advertisedHost,
                           Duration commitInterval, StatusTopology.Settings topology, Duration readWait, Duration requestTimeout,
                           WebhookPolicy webhooks, ClusterSettings cluster) {
    public static final String APPLICATION_ID = io.prewarm.contract.Apps.STATUS;

    public StatusConfig {
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("PREWARM_STATUS_COMMIT_INTERVAL_MS must be at least 1, got " + commitInterval.toMillis());
        }
        if (readWait.isNegative() || readWait.isZero()) {
            throw new IllegalArgumentException("PREWARM_STATUS_READ_WAIT_MS must be at least 1, got " + readWait.toMillis());
        }
    }

    public static StatusConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new StatusConfig(
                env.bootstrapServers(),
                env.dataDir().resolve("streams"),
                env.flag("PREWARM_SHOW_SUCCESS_URLS", false),
                env.get("PREWARM_ADVERTISED_HOST", "127.0.0.1"),
                // Queries read the stores directly, so a longer commit interval costs no freshness; it
                // lets the store caches fold many updates of a job's header and URLs into one changelog write.
                env.millis("PREWARM_STATUS_COMMIT_INTERVAL_MS", 1000),
                new StatusTopology.Settings(Duration.ofSeconds(env.integer("PREWARM_STATUS_SWEEP_SECONDS", 10)),
                        Duration.ofHours(env.integer("PREWARM_RETENTION_HOURS", 72)), 20_000),
                env.millis("PREWARM_STATUS_READ_WAIT_MS", 5000),
                env.requestTimeout(),
                WebhookPolicy.fromEnv(env),
                ClusterSettings.fromEnv(env));
    }
}
