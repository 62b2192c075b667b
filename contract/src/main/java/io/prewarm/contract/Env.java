package io.prewarm.contract;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of environment settings, so every module's {@code *Config.fromEnv(Map)} can be
 * tested with a plain map and reports a bad value by its variable name.
 */
public record Env(Map<String, String> vars) {

    public Optional<String> get(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public int integer(String name, int fallback) {
        return get(name).map(v -> parse(name, v)).orElse(fallback);
    }

    public boolean flag(String name, boolean fallback) {
        return get(name).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes")).orElse(fallback);
    }

    public Duration minutes(String name, int fallback) {
        return Duration.ofMinutes(integer(name, fallback));
    }

    public Duration millis(String name, long fallback) {
        return Duration.ofMillis(get(name).map(v -> (long) parse(name, v)).orElse(fallback));
    }

    public Optional<Path> path(String name) {
        return get(name).map(Path::of);
    }

    public Path dataDir() {
        return Path.of(get("PREWARM_DATA_DIR", "./data"));
    }

    /** A job's deadline after its creation when its request gives no {@code timeout_minutes}: one setting for every role. */
    public Duration requestTimeout() {
        return minutes("PREWARM_REQUEST_TIMEOUT_MINUTES", 300);
    }

    /**
     * How long a job is kept after it ended ({@code PREWARM_RETENTION_HOURS}, default 72): the status
     * store deletes it then, and warmers forget its cancel then. At least one hour.
     */
    public Duration retention() {
        int hours = integer("PREWARM_RETENTION_HOURS", 72);
        if (hours < 1) {
            throw new IllegalArgumentException("PREWARM_RETENTION_HOURS must be at least 1, got " + hours);
        }
        return Duration.ofHours(hours);
    }

    public String bootstrapServers() {
        return get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    private static int parse(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }
}
