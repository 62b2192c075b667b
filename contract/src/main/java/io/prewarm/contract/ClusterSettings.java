package io.prewarm.contract;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How Prewarm's data lives on the Kafka cluster, one setting each for every role: partitions of the
 * topics Prewarm creates ({@code PREWARM_TOPIC_PARTITIONS}, default 6: the most instances of a role
 * that get work), their replication factor ({@code PREWARM_TOPIC_REPLICATION}) and
 * {@code min.insync.replicas} ({@code PREWARM_TOPIC_MIN_ISR}), both the cluster's defaults when unset
 * and applied to the Kafka Streams apps' internal topics (changelogs, repartition topics) too, and
 * {@code num.standby.replicas} of those apps ({@code PREWARM_STANDBY_REPLICAS}, default 0), so losing a
 * status instance is not a full restore of its stores from the changelogs.
 */
public record ClusterSettings(int partitions, Optional<Short> replication, Optional<Integer> minInsyncReplicas, int standbyReplicas) {

    public ClusterSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("PREWARM_TOPIC_PARTITIONS must be at least 1, got " + partitions);
        }
        if (replication.isPresent() && replication.get() < 1) {
            throw new IllegalArgumentException("PREWARM_TOPIC_REPLICATION must be at least 1, got " + replication.get());
        }
        if (minInsyncReplicas.isPresent() && (minInsyncReplicas.get() < 1
                || replication.isPresent() && minInsyncReplicas.get() > replication.get())) {
            throw new IllegalArgumentException("PREWARM_TOPIC_MIN_ISR must be between 1 and the replication factor, got " + minInsyncReplicas.get());
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("PREWARM_STANDBY_REPLICAS must be 0 or more, got " + standbyReplicas);
        }
    }

    public static ClusterSettings fromEnv(Env env) {
        return new ClusterSettings(env.integer("PREWARM_TOPIC_PARTITIONS", 6),
                env.get("PREWARM_TOPIC_REPLICATION").map(v -> (short) env.integer("PREWARM_TOPIC_REPLICATION", 1)),
                env.get("PREWARM_TOPIC_MIN_ISR").map(v -> env.integer("PREWARM_TOPIC_MIN_ISR", 1)),
                env.integer("PREWARM_STANDBY_REPLICAS", 0));
    }

    /** The configs of a topic Prewarm creates, beyond partitions and replication. */
    public Map<String, String> topicConfigs() {
        return minInsyncReplicas.map(n -> Map.of("min.insync.replicas", String.valueOf(n))).orElse(Map.of());
    }

    /** What a Kafka Streams app of Prewarm adds to its properties: its internal topics like ours, and its standbys. */
    public Map<String, Object> streamsProperties() {
        Map<String, Object> p = new HashMap<>();
        replication.ifPresent(r -> p.put("replication.factor", (int) r));
        minInsyncReplicas.ifPresent(n -> p.put("topic.min.insync.replicas", n));
        p.put("num.standby.replicas", standbyReplicas);
        return p;
    }
}
