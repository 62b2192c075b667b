package io.prewarm.contract;

import java.util.HashMap;
import java.util.Map;

/**
 * Client settings every service shares: idempotent producers with acks=all, and Streams apps on
 * exactly_once_v2 that log and skip records they cannot deserialize instead of stopping. Modules
 * add their own settings on top; callers' values win.
 */
public final class KafkaSettings {
    private KafkaSettings() {
    }

    public static Map<String, Object> producer(String bootstrapServers) {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("acks", "all");
        p.put("enable.idempotence", true);
        p.put("linger.ms", 5);
        p.put("compression.type", "lz4");
        return p;
    }

    /** A Streams app's properties on {@code cluster}: its internal topics replicated as Prewarm's own, its standbys. */
    public static Map<String, Object> streams(String applicationId, String bootstrapServers, String stateDir, ClusterSettings cluster) {
        Map<String, Object> p = streams(applicationId, bootstrapServers, stateDir);
        p.putAll(cluster.streamsProperties());
        return p;
    }

    public static Map<String, Object> streams(String applicationId, String bootstrapServers, String stateDir) {
        Map<String, Object> p = new HashMap<>();
        p.put("application.id", applicationId);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("state.dir", stateDir);
        p.put("processing.guarantee", "exactly_once_v2");
        p.put("deserialization.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler");
        p.put("processing.exception.handler", "org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler");
        p.put("processing.exception.handler.global.enabled", true);
        p.put("commit.interval.ms", 100);
        p.put("producer.compression.type", "lz4");
        p.put("producer.linger.ms", 5);
        return p;
    }
}
