package io.prewarm.warmer;

import io.prewarm.contract.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The warmer's settings. Network settings point warm requests somewhere other than the public
 * internet's view of CloudFront: a DNS server, a hosts file, other edge ports, an extra CA. The
 * limits are sized for real edges: a slot is held for one HTTP exchange only, so a warmer needs
 * about rate x edge latency of them (1,024 allow 10,000 tasks/s at 100 ms), and the results
 * awaiting Kafka's acknowledgement are bounded on their own (8 x the slots by default). A
 * cancelled job is remembered for the retention after it ended ({@code PREWARM_RETENTION_HOURS},
 * the status store's setting, as long as the job itself is known).
 */
public record WarmerConfig(
        String bootstrapServers,
        String groupId,
        int maxInFlight,
        int maxPerPop,
        int maxPendingResults,
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
        String userAgent,
        Duration retention) {

    public static WarmerConfig fromEnv(Map<String, String> vars) {
        Env env = new Env(vars);
        int maxInFlight = positive(env, "PREWARM_WARMER_MAX_IN_FLIGHT", 1024);
        return new WarmerConfig(
                env.bootstrapServers(),
                env.get("PREWARM_WARMER_GROUP", "prewarm-warmer"),
                maxInFlight,
                positive(env, "PREWARM_WARMER_MAX_PER_POP", 64),
                positive(env, "PREWARM_WARMER_MAX_PENDING_RESULTS", 8 * maxInFlight),
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
                env.get("PREWARM_USER_AGENT", "prewarm/0.1 (+https://github.com/prewarm)"),
                env.retention());
    }

    /** A limit of 0 would stop the warmer without a word: refused at start instead. */
    private static int positive(Env env, String name, int fallback) {
        int value = env.integer(name, fallback);
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }

    /**
     * The task consumer's settings: manual commits only, read_committed, polls of at most
     * max(8, maxInFlight / 16) task batches (a batch is about 64 tasks, so one poll is about four
     * times the slots: enough to refill them, little to hold while they are full).
     */
    Map<String, Object> consumerProps() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers());
        p.put("group.id", groupId());
        p.put("group.protocol", "consumer");
        p.put("enable.auto.commit", false);
        p.put("auto.offset.reset", "earliest");
        p.put("max.poll.records", Math.max(8, maxInFlight() / 16));
        p.put("isolation.level", "read_committed");
        return p;
    }
}
