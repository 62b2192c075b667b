package io.prewarm.testing;

import io.prewarm.contract.ClusterSettings;
import io.prewarm.contract.TopicBootstrap;
import io.prewarm.kafka.KafkaNodeMain;
import io.prewarm.kafka.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * A real three-node KRaft cluster for tests of what a cluster does to a job: each node (broker and
 * controller in one, the broker of {@code kafka_2.13} as the embedded one) is its own OS process
 * ({@link KafkaNodeMain} in a {@link ChildJvm}), so a test can {@code kill -9} one and start it again on
 * the same ports and data. Prewarm's topics are created with replication factor 3 and
 * {@code min.insync.replicas=2} ({@link #SETTINGS}); give the processes under test
 * {@link #prewarmEnv()} so their Streams topics are the same.
 */
public final class KafkaCluster implements AutoCloseable {
    public static final int NODES = 3;
    public static final ClusterSettings SETTINGS = new ClusterSettings(KafkaFixture.PARTITIONS, Optional.of((short) 3), Optional.of(2), 1);

    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Integer> brokerPorts = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final Map<Integer, ChildJvm> nodes = new HashMap<>();

    private KafkaCluster(Path dir) {
        this.dir = dir;
        for (int i = 0; i < NODES; i++) {
            brokerPorts.add(Ports.free());
            controllerPorts.add(Ports.free());
        }
    }

    /** Starts the three nodes (together: a node waits for the quorum) and creates the pipeline's topics. */
    public static KafkaCluster start() {
        try {
            KafkaCluster cluster = new KafkaCluster(Files.createTempDirectory("prewarm-cluster-"));
            IntStream.rangeClosed(1, NODES).forEach(cluster::launch);
            IntStream.rangeClosed(1, NODES).forEach(cluster::awaitReady);
            TopicBootstrap.ensureTopics(cluster.bootstrapServers(), SETTINGS);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(int nodeId) {
        Path data = dir.resolve("node" + nodeId);
        String controllers = controllerPorts.stream().map(String::valueOf).collect(Collectors.joining(","));
        nodes.put(nodeId, ChildJvm.start(List.of("-Xmx512m"), KafkaNodeMain.class.getName(), Map.of(), dir.resolve("node" + nodeId + ".log"), null,
                data.toString(), String.valueOf(nodeId), String.valueOf(brokerPorts.get(nodeId - 1)), clusterId, controllers));
    }

    private void awaitReady(int nodeId) {
        nodes.get(nodeId).awaitLog(KafkaNodeMain.READY + " " + nodeId, Duration.ofMinutes(2));
    }

    /** Every node's address, for {@code KAFKA_BOOTSTRAP_SERVERS}. */
    public String bootstrapServers() {
        return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The settings a Prewarm process on this cluster needs: its bootstrap servers, and its topics replicated as the cluster's. */
    public Map<String, String> prewarmEnv() {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers(), "PREWARM_TOPIC_PARTITIONS", String.valueOf(SETTINGS.partitions()),
                "PREWARM_TOPIC_REPLICATION", "3", "PREWARM_TOPIC_MIN_ISR", "2", "PREWARM_STANDBY_REPLICAS", "1");
    }

    /** {@code kill -9} of node {@code nodeId}: no shutdown, no leadership handed over. */
    public void kill(int nodeId) throws InterruptedException {
        ChildJvm node = nodes.get(nodeId);
        node.kill();
        node.awaitExit(Duration.ofSeconds(30));
    }

    /** Starts a killed node again, on its ports and its data, and waits until it serves. */
    public void restart(int nodeId) {
        if (nodes.get(nodeId).isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is running");
        }
        launch(nodeId);
        awaitReady(nodeId);
    }

    /** The node leading most partitions of {@code topic} (the lowest id of those tied). */
    public int leaderOfMost(String topic) {
        Map<Integer, Long> led = leaders(topic).values().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        return led.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow().getKey();
    }

    /** Each partition of {@code topic} and the node leading it (-1: none right now). */
    public Map<Integer, Integer> leaders(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<Integer, Integer> leaders = new HashMap<>();
            d.partitions().forEach(p -> leaders.put(p.partition(), p.leader() == null ? -1 : p.leader().id()));
            return leaders;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every topic on the cluster but Kafka's own: its replication factor and its {@code min.insync.replicas}
     * (the topic's own config, else the broker's), as {@code "3/2"}.
     */
    public Map<String, String> durabilityByTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            List<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().filter(n -> !n.startsWith("__")).sorted().toList();
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            List<org.apache.kafka.common.config.ConfigResource> resources = names.stream()
                    .map(n -> new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n)).toList();
            Map<org.apache.kafka.common.config.ConfigResource, org.apache.kafka.clients.admin.Config> configs =
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            Map<String, String> out = new java.util.TreeMap<>();
            for (String n : names) {
                int replicas = described.get(n).partitions().get(0).replicas().size();
                String minIsr = configs.get(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n))
                        .get("min.insync.replicas").value();
                out.put(n, replicas + "/" + minIsr);
            }
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe the cluster's topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where each node keeps its log, for a test that reads what a node holds. */
    public Path dataDir(int nodeId) {
        return dir.resolve("node" + nodeId);
    }

    @Override
    public void close() throws Exception {
        for (ChildJvm node : nodes.values()) {
            node.close();
        }
        KafkaFixture.deleteRecursively(dir);
    }
}
