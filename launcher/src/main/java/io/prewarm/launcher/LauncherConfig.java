package io.prewarm.launcher;

import io.prewarm.contract.ClusterSettings;
import io.prewarm.contract.Env;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which roles this process runs and where Kafka is. With {@code KAFKA_BOOTSTRAP_SERVERS} unset
 * the process starts its own broker under {@code PREWARM_DATA_DIR/kafka}.
 */
public record LauncherConfig(Set<Role> roles, Optional<String> bootstrapServers, Path dataDir, int httpPort, int kafkaPort,
                             ClusterSettings cluster) {

    public enum Role { INGEST, EXPANDER, WARMER, STATUS }

    public static LauncherConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new LauncherConfig(
                roles(env.get("PREWARM_ROLES", "ingest,expander,warmer,status")),
                env.get("KAFKA_BOOTSTRAP_SERVERS"),
                env.dataDir(),
                env.integer("PREWARM_HTTP_PORT", 8080),
                env.integer("PREWARM_KAFKA_PORT", 9092),
                ClusterSettings.fromEnv(env));
    }

    static Set<Role> roles(String list) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : list.split(",")) {
            String n = name.trim().toUpperCase(Locale.ROOT);
            if (n.isEmpty()) {
                continue;
            }
            try {
                roles.add(Role.valueOf(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PREWARM_ROLES: unknown role '" + name.trim() + "'; roles are "
                        + Arrays.stream(Role.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("PREWARM_ROLES: name at least one role");
        }
        return roles;
    }

    public boolean embeddedKafka() {
        return bootstrapServers.isEmpty();
    }

    public boolean servesHttp() {
        return roles.contains(Role.INGEST) || roles.contains(Role.STATUS);
    }
}
