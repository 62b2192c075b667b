package io.prewarm.testing;

import io.prewarm.contract.TopicBootstrap;
import io.prewarm.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one way integration tests get a real Kafka broker: a Testcontainers {@code apache/kafka}
 * container where a Docker engine runs, otherwise the embedded single-node KRaft broker that
 * {@code ./prewarm} itself uses. {@code PREWARM_TEST_KAFKA=embedded|container} forces a choice.
 * The pipeline's topics are created up front with {@value #PARTITIONS} partitions.
 */
public final class KafkaFixture implements AutoCloseable {
    public static final int PARTITIONS = 4;
    public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";

    private final AutoCloseable broker;
    private final String bootstrapServers;
    private final Path dataDir;

    private KafkaFixture(AutoCloseable broker, String bootstrapServers, Path dataDir) {
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
    }

    public static KafkaFixture start() {
        KafkaFixture fixture = useContainer() ? container() : embedded();
        TopicBootstrap.ensureTopics(fixture.bootstrapServers, PARTITIONS, Optional.of((short) 1));
        return fixture;
    }

    private static boolean useContainer() {
        String forced = System.getenv().getOrDefault("PREWARM_TEST_KAFKA", "");
        if (!forced.isEmpty()) {
            return forced.equals("container");
        }
        boolean engineLikely = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
        if (!engineLikely) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    private static KafkaFixture container() {
        // as the embedded broker: warmers may ask for a session shorter than the 45 s default
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withEnv("KAFKA_GROUP_CONSUMER_MIN_SESSION_TIMEOUT_MS", "5000")
                .withEnv("KAFKA_GROUP_CONSUMER_MIN_HEARTBEAT_INTERVAL_MS", "1000");
        kafka.start();
        return new KafkaFixture(kafka, kafka.getBootstrapServers(), null);
    }

    private static KafkaFixture embedded() {
        try {
            Path dir = Files.createTempDirectory("prewarm-kafka-");
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir, 0);
            return new KafkaFixture(broker, broker.bootstrapServers(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() throws Exception {
        broker.close();
        if (dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
