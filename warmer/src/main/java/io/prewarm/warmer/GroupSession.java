package io.prewarm.warmer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How soon the group notices a dead warmer. The warmers' group uses the consumer rebalance protocol,
 * in which the session timeout is the group's config ({@code consumer.session.timeout.ms}, 45 s unless
 * set), not the client's: a warmer killed with {@code kill -9} keeps its partitions, and their tasks
 * wait, that long. Each warmer sets it at start to {@code PREWARM_WARMER_SESSION_TIMEOUT_MS} (default
 * 10 s), with heartbeats every third of it. The trade-off: a warmer that cannot heartbeat for that
 * long (a long GC pause, a network blip) loses its partitions and its uncommitted batches are warmed
 * again by another, which is harmless (results are idempotent) but wasted work. The broker bounds the
 * value ({@code group.consumer.min.session.timeout.ms}, 45 s by default; Prewarm's embedded broker allows
 * 5 s): a broker that refuses it is logged once and the group keeps what it has.
 */
final class GroupSession {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSession.class);
    static final String SESSION = "consumer.session.timeout.ms";
    static final String HEARTBEAT = "consumer.heartbeat.interval.ms";

    private GroupSession() {
    }

    /** The group configs for a session of {@code session}: the session and a heartbeat a third of it (at least 1 s). */
    static Map<String, String> configs(Duration session) {
        long ms = session.toMillis();
        return Map.of(SESSION, String.valueOf(ms), HEARTBEAT, String.valueOf(Math.max(1000, ms / 3)));
    }

    /** Sets {@code groupId}'s session on the cluster; false (logged) when the cluster refused or could not be asked. */
    static boolean apply(String bootstrapServers, String groupId, Duration session) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, groupId);
        List<AlterConfigOp> ops = configs(session).entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(20, TimeUnit.SECONDS);
            LOG.info("warmer group {}: session timeout {} ms, heartbeat {} ms", groupId, session.toMillis(), configs(session).get(HEARTBEAT));
            return true;
        } catch (ExecutionException e) {
            LOG.warn("warmer group {}: the cluster refused a session timeout of {} ms ({}); a dead warmer's tasks wait for the group's own "
                    + "timeout (allow it with the broker's group.consumer.min.session.timeout.ms)", groupId, session.toMillis(), e.getCause().getMessage());
        } catch (TimeoutException e) {
            LOG.warn("warmer group {}: could not set the session timeout within 20 s; the group keeps its own", groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
