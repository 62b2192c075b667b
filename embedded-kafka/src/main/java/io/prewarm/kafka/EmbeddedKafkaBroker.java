package io.prewarm.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) running the real broker code
 * in this JVM. Its log directory is formatted once and reused, so stopping and starting again on
 * the same directory keeps every topic, offset and changelog. Replication factors are 1 because
 * there is one node; without that the consumer-offsets and transaction topics never come up.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker on {@code dataDir}. {@code port} 0 picks a free port.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        int brokerPort = port == 0 ? Ports.free() : port;
        return start(dataDir, KafkaNode.single(brokerPort, Ports.free()));
    }

    /**
     * Starts {@code node} of its cluster on {@code dataDir} (formatted with the cluster's id the first
     * time): a single node, or one node of several in their own processes ({@link KafkaNodeMain}).
     */
    public static EmbeddedKafkaBroker start(Path dataDir, KafkaNode node) {
        try {
            Files.createDirectories(dataDir);
            Properties props = config(dataDir, node);
            formatIfNeeded(dataDir, node);
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + node.brokerPort();
            LOG.info("embedded Kafka node {} of {} listening on {} with data in {}", node.nodeId(), node.controllerPorts().size(), bootstrap,
                    dataDir.toAbsolutePath());
            return new EmbeddedKafkaBroker(server, bootstrap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Kafka in " + dataDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties config(Path dataDir, KafkaNode node) {
        Properties p = new Properties();
        String replication = String.valueOf(node.replication());
        String minIsr = String.valueOf(node.minInsyncReplicas());
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.nodeId()));
        p.put("controller.quorum.voters", node.voters());
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.toAbsolutePath().toString());
        p.put("offsets.topic.replication.factor", replication);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", replication);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", replication);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("default.replication.factor", replication);
        p.put("min.insync.replicas", minIsr);
        // Warmers ask for a shorter session than the 45 s default (PREWARM_WARMER_SESSION_TIMEOUT_MS), so a
        // dead one's tasks move within seconds; the broker must allow it.
        p.put("group.consumer.min.session.timeout.ms", "5000");
        p.put("group.consumer.min.heartbeat.interval.ms", "1000");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "6");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // The log cleaner's dedupe buffer is allocated on the heap at start-up, 128 MiB by default: a
        // quarter of the all-in-one process's heap for compacting a few small changelog topics. 16 MiB
        // still dedupes ~1 M keys per cleaning pass (24 bytes each at the default load factor).
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private static void formatIfNeeded(Path dataDir, KafkaNode node) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.nodeId())
                    .setClusterId(node.clusterId())
                    .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
                    .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
            LOG.info("formatted new Kafka storage in {}", dataDir.toAbsolutePath());
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
