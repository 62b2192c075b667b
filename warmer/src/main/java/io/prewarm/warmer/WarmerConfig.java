package io.prewarm.warmer;

import io.prewarm.contract.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The warmer's settings. Network settings point warm requests somewhere other than the public
 * internet's view of CloudFront: a DNS server, a hosts file, other edge ports, an extra CA.
 */
public record WarmerConfig(
        String bootstrapServers,
        String groupId,
        int maxInFlight,
        int maxPerPop,
        int maxAttempts,
        Duration connectTimeout,
        Duration readTimeout,
        Duration taskTimeout,
        Duration retryBackoff,
        Optional<String> dnsServer,
        Optional<Path> hostsFile,
        int edgeHttpPort,
        int edgeHttpsPort,
        Optional<Path> tlsCaFile,
        String userAgent) {

    public static WarmerConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        return new WarmerConfig(
                env.bootstrapServers(),
                env.get("PREWARM_WARMER_GROUP", "prewarm-warmer"),
                env.integer("PREWARM_WARMER_MAX_IN_FLIGHT", 256),
                env.integer("PREWARM_WARMER_MAX_PER_POP", 32),
                env.integer("PREWARM_WARM_ATTEMPTS", 3),
                env.millis("PREWARM_CONNECT_TIMEOUT_MS", 5_000),
                env.millis("PREWARM_READ_TIMEOUT_MS", 30_000),
                env.millis("PREWARM_TASK_TIMEOUT_MS", 300_000),
                env.millis("PREWARM_RETRY_BACKOFF_MS", 500),
                env.get("PREWARM_DNS_SERVER"),
                env.path("PREWARM_HOSTS_FILE"),
                env.integer("PREWARM_EDGE_HTTP_PORT", 80),
                env.integer("PREWARM_EDGE_HTTPS_PORT", 443),
                env.path("PREWARM_TLS_CA_FILE"),
                env.get("PREWARM_USER_AGENT", "prewarm/0.1 (+https://github.com/prewarm)"));
    }

    /** The task consumer's settings: manual commits only, read_committed, polls of at most max(50, maxInFlight) tasks. */
    Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("group.id", groupId());
        p.put("group.protocol", "consumer");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", Math.max(50, maxInFlight()));
        p.put("isolation.level", "read_committed");
        return p;
    }
}
