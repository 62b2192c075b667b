package io.prewarm.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics if they are missing, so a fresh cluster works without a separate
 * provisioning step. Existing topics are left alone (their partition count is the operator's).
 */
public final class TopicBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    /** {@code replication} empty means the cluster's default replication factor. */
    public static void ensureTopics(String bootstrapServers, int partitions, Optional<Short> replication) {
        ensureTopics(bootstrapServers, new ClusterSettings(partitions, replication, Optional.empty(), 0));
    }

    /** The missing topics with the partitions, replication and {@code min.insync.replicas} of {@code cluster}. */
    public static void ensureTopics(String bootstrapServers, ClusterSettings cluster) {
        int partitions = cluster.partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Topics.ALL) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, Optional.of(partitions), cluster.replication()).configs(cluster.topicConfigs()));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(60, TimeUnit.SECONDS);
                    LOG.info("created topic {} with {} partitions{}", name, partitions,
                            cluster.replication().map(r -> ", replication " + r).orElse("") + cluster.minInsyncReplicas().map(n -> ", min ISR " + n).orElse(""));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
                }
            });
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrapServers + " to create topics: " + e, e);
        }
    }
}
