package io.prewarm.expander;

import io.prewarm.contract.ClusterSettings;
import io.prewarm.contract.Env;
import io.prewarm.contract.WebhookPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The expander's settings, read from the environment. {@code maxUrls} ({@code PREWARM_MAX_URLS}) bounds a request and,
 * without {@code expand_limit}, what a job grows to by expansion; {@code retention} is how long after its deadline the
 * part gate remembers a job; {@code cluster} replicates its internal topics and sets its standbys.
 */
public record ExpanderConfig(String bootstrapServers, Path stateDir, Optional<Path> popCatalog, int maxUrls, Duration requestTimeout,
                             WebhookPolicy webhooks, Duration retention, ClusterSettings cluster) {
    public static final String APPLICATION_ID = io.prewarm.contract.Apps.EXPANDER;

    public static ExpanderConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new ExpanderConfig(
                env.bootstrapServers(),
                env.dataDir().resolve("streams"),
                env.path("PREWARM_POP_CATALOG"),
                env.integer("PREWARM_MAX_URLS", 100_000),
                env.requestTimeout(),
                WebhookPolicy.fromEnv(env),
                env.retention(),
                ClusterSettings.fromEnv(env));
    }
}
