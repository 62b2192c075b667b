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
 * the status store's setting, as long as the job itself is known). Verification
 * ({@code PREWARM_VERIFY}) is on unless a job says otherwise; {@code PREWARM_MAX_RATE} caps the
 * requests per second of the whole process (0: none); a PoP is backed off after
 * {@code PREWARM_POP_BACKOFF_AFTER} overload answers in a row, and the task batches held back by
 * caps and back-offs are bounded by {@code PREWARM_WARMER_MAX_WAITING_BATCHES}. Document tasks are
 * read by {@code PREWARM_DOCUMENT_READERS} threads, each document giving its job at most
 * {@code expand_limit} URLs, else {@code PREWARM_MAX_URLS} (ingest's limit on a request). A dead
 * warmer's partitions move after {@code PREWARM_WARMER_SESSION_TIMEOUT_MS} ({@link GroupSession}).
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
        Duration retention,
        boolean verifyByDefault,
        int maxRate,
        int maxWaitingBatches,
        int popBackoffAfter,
        Duration popBackoffMax,
        Duration popGiveUp,
        String instanceId,
        int documentReaders,
        int maxUrls,
        Duration sessionTimeout) {

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
                env.retention(),
                env.flag("PREWARM_VERIFY", true),
                atLeast(env, "PREWARM_MAX_RATE", 0, 0),
                positive(env, "PREWARM_WARMER_MAX_WAITING_BATCHES", 4096),
                positive(env, "PREWARM_POP_BACKOFF_AFTER", 3),
                env.millis("PREWARM_POP_BACKOFF_MAX_MS", 60_000),
                env.millis("PREWARM_POP_GIVE_UP_MS", 600_000),
                env.get("PREWARM_INSTANCE_ID").orElseGet(WarmerConfig::hostAndPid),
                positive(env, "PREWARM_DOCUMENT_READERS", 4),
                positive(env, "PREWARM_MAX_URLS", 100_000),
                env.millis("PREWARM_WARMER_SESSION_TIMEOUT_MS", 10_000));
    }

    /** The PoP circuits' settings; a probe is waited for as long as one request may take to connect and answer. */
    PopCircuits.Settings popCircuits() {
        return new PopCircuits.Settings(popBackoffAfter, popBackoffMax, popGiveUp, connectTimeout.plus(readTimeout), instanceId);
    }

    private static String hostAndPid() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    /** A limit of 0 would stop the warmer without a word: refused at start instead. */
    private static int positive(Env env, String name, int fallback) {
        return atLeast(env, name, 1, fallback);
    }

    private static int atLeast(Env env, String name, int min, int fallback) {
        int value = env.integer(name, fallback);
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
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
