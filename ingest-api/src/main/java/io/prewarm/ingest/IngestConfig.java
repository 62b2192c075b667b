package io.prewarm.ingest;

import io.prewarm.contract.Env;
import io.prewarm.contract.WebhookPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The ingest API's settings, read from the environment.
 *
 * @param webhooks       which {@code callback_url}s are accepted ({@code PREWARM_WEBHOOK_SECRET}, {@code PREWARM_WEBHOOK_ALLOW})
 * @param requestTimeout a job's deadline when its request gives no {@code timeout_minutes}, written into its registration
 */
public record IngestConfig(String bootstrapServers, Optional<Path> popCatalog, int maxUrls, WebhookPolicy webhooks, Duration requestTimeout) {

    public static IngestConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new IngestConfig(env.bootstrapServers(), env.path("PREWARM_POP_CATALOG"), env.integer("PREWARM_MAX_URLS", 100_000),
                WebhookPolicy.fromEnv(env), env.requestTimeout());
    }
}
