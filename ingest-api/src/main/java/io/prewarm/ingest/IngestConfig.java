package io.prewarm.ingest;

import io.prewarm.contract.Env;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The ingest API's settings, read from the environment. */
public record IngestConfig(String bootstrapServers, Optional<Path> popCatalog, int maxUrls) {

    public static IngestConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new IngestConfig(env.bootstrapServers(), env.path("PREWARM_POP_CATALOG"), env.integer("PREWARM_MAX_URLS", 100_000));
    }
}
