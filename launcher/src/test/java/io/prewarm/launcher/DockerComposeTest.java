package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs on our machines, so docker-compose.yml and the Dockerfile are checked here:
 * three KRaft brokers of the official image, each with its own node id, all three voters, production
 * replication (3, two in sync), an explicit log dir and one cluster id; every Prewarm role from this
 * repo's one image against all three, its topics replicated the same way; every broker log dir and
 * every Streams state dir on a named volume, so recreating a container loses nothing; warmers
 * replicated, each status instance advertising its own name; an image that runs as a non-root user,
 * checks {@code /health/live} and keeps the Maven dependencies in a layer of their own.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..");
    private static final List<String> BROKERS = List.of("kafka1", "kafka2", "kafka3");
    private static Map<String, Object> compose;
    private static Map<String, Map<String, Object>> services;
    private static String dockerfile;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
        dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    private static String env(String service, String name) {
        Object v = env(service).get(name);
        return v == null ? null : v.toString();
    }

    /** The service's volume mounts: container path to volume (or host path) name. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> mounts(String service) {
        List<String> volumes = (List<String>) services.get(service).getOrDefault("volumes", List.of());
        return volumes.stream().map(v -> v.split(":")).collect(Collectors.toMap(p -> p[1], p -> p[0]));
    }

    private static Set<String> namedVolumes() {
        Map<?, ?> volumes = (Map<?, ?>) compose.get("volumes");
        return volumes.keySet().stream().map(Object::toString).collect(Collectors.toSet());
    }

    private static List<String> prewarmServices() {
        return services.keySet().stream().filter(s -> ".".equals(services.get(s).get("build"))).toList();
    }

    @Test
    void threeBrokersOfTheOfficialImageFormOneKraftQuorumWithProductionReplication() {
        Set<String> nodeIds = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        for (String broker : BROKERS) {
            assertTrue(services.get(broker).get("image").toString().startsWith("apache/kafka:4."), broker);
            assertTrue(env(broker, "KAFKA_PROCESS_ROLES").contains("controller"), broker);
            nodeIds.add(env(broker, "KAFKA_NODE_ID"));
            clusterIds.add(env(broker, "CLUSTER_ID"));
            assertEquals("PLAINTEXT://" + broker + ":9092", env(broker, "KAFKA_ADVERTISED_LISTENERS"), broker);
            Matcher voters = Pattern.compile("(\\d+)@(kafka\\d):9093").matcher(env(broker, "KAFKA_CONTROLLER_QUORUM_VOTERS"));
            Set<String> named = new HashSet<>();
            while (voters.find()) {
                named.add(voters.group(1) + "@" + voters.group(2));
            }
            assertEquals(Set.of("1@kafka1", "2@kafka2", "3@kafka3"), named, broker);
            assertEquals("3", env(broker, "KAFKA_DEFAULT_REPLICATION_FACTOR"), broker);
            assertEquals("2", env(broker, "KAFKA_MIN_INSYNC_REPLICAS"), broker);
            assertEquals("3", env(broker, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"), broker);
            assertEquals("3", env(broker, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"), broker);
            assertEquals("2", env(broker, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"), broker);
        }
        assertEquals(Set.of("1", "2", "3"), nodeIds);
        assertEquals(1, clusterIds.size(), "one cluster id: " + clusterIds);
        assertNotNull(clusterIds.iterator().next(), "the cluster id is set, not left to the image");
    }

    @Test
    void everyBrokersLogDirIsSetExplicitlyAndLiesOnANamedVolume() {
        for (String broker : BROKERS) {
            String logDir = env(broker, "KAFKA_LOG_DIRS");
            assertNotNull(logDir, broker + ": without KAFKA_LOG_DIRS the image writes to /tmp/kraft-combined-logs");
            String volume = mounts(broker).get(logDir);
            assertNotNull(volume, broker + ": nothing mounted at its log dir " + logDir + ": " + mounts(broker));
            assertTrue(namedVolumes().contains(volume), broker + ": " + volume + " is not a named volume");
        }
        assertEquals(3, BROKERS.stream().map(b -> mounts(b).get(env(b, "KAFKA_LOG_DIRS"))).distinct().count(), "a volume per broker");
    }

    @Test
    void everyStreamsStateDirLiesOnANamedVolumeOfItsOwn() {
        String dataDir = env(prewarmServices().get(0), "PREWARM_DATA_DIR");
        String imageDataDir = dockerfile.lines().filter(l -> l.startsWith("ENV ")).flatMap(l -> Pattern.compile("PREWARM_DATA_DIR=(\\S+)")
                .matcher(l).results().map(m -> m.group(1))).findFirst().orElseThrow();
        Set<String> volumes = new HashSet<>();
        for (String service : prewarmServices()) {
            String roles = env(service, "PREWARM_ROLES");
            Set<LauncherConfig.Role> r = LauncherConfig.roles(roles);
            if (r.contains(LauncherConfig.Role.STATUS) || r.contains(LauncherConfig.Role.EXPANDER)) {
                String dir = dataDir != null ? dataDir : imageDataDir; // Streams state is PREWARM_DATA_DIR/streams
                String volume = mounts(service).get(dir);
                assertNotNull(volume, service + " keeps Streams state in " + dir + "/streams but nothing is mounted there: " + mounts(service));
                assertTrue(namedVolumes().contains(volume), service + ": " + volume + " is not a named volume");
                assertTrue(volumes.add(volume), service + " shares its state volume " + volume);
            }
        }
        assertEquals(3, volumes.size(), "the expander and two status instances: " + volumes);
    }

    @Test
    void everyRoleRunsFromThisRepositorysImageAgainstAllThreeBrokersWithReplicatedTopics() {
        Set<LauncherConfig.Role> seen = new HashSet<>();
        for (String service : prewarmServices()) {
            Set<String> bootstrap = Set.of(env(service, "KAFKA_BOOTSTRAP_SERVERS").split(","));
            assertEquals(Set.of("kafka1:9092", "kafka2:9092", "kafka3:9092"), bootstrap, service);
            assertEquals("3", env(service, "PREWARM_TOPIC_REPLICATION"), service);
            assertEquals("2", env(service, "PREWARM_TOPIC_MIN_ISR"), service);
            assertTrue(Integer.parseInt(env(service, "PREWARM_STANDBY_REPLICAS")) >= 1, service);
            assertTrue(((Map<?, ?>) services.get(service).get("depends_on")).keySet().containsAll(BROKERS), service);
            seen.addAll(LauncherConfig.roles(env(service, "PREWARM_ROLES")));
        }
        assertEquals(Set.of(LauncherConfig.Role.values()), seen);
    }

    @Test
    @SuppressWarnings("unchecked")
    void warmersAreReplicatedAndEachStatusInstanceAdvertisesItsOwnName() {
        Map<String, Object> deploy = (Map<String, Object>) services.get("warmer").get("deploy");
        assertTrue((Integer) deploy.get("replicas") >= 2);
        List<String> status = prewarmServices().stream().filter(s -> env(s, "PREWARM_ROLES").equals("status")).toList();
        assertTrue(status.size() >= 2, "status instances: " + status);
        for (String s : status) {
            assertEquals(services.get(s).get("hostname"), env(s, "PREWARM_ADVERTISED_HOST"), s);
        }
    }

    @Test
    void theImageRunsTheLauncherAsANonRootUserAndChecksItsLiveness() {
        assertTrue(dockerfile.contains(PrewarmMain.class.getName()));
        assertTrue(dockerfile.contains("launcher/target/lib"));
        List<String> users = dockerfile.lines().filter(l -> l.startsWith("USER ")).map(l -> l.substring(5).trim()).toList();
        assertFalse(users.isEmpty(), "no USER: the image runs as root");
        assertFalse(Set.of("root", "0").contains(users.get(users.size() - 1)), users.toString());
        String health = dockerfile.substring(dockerfile.indexOf("HEALTHCHECK"));
        assertTrue(health.substring(0, health.indexOf("ENTRYPOINT")).contains("/health/live"), "HEALTHCHECK on /health/live");
    }

    @Test
    void theMavenDependenciesAreALayerOfTheirOwnBeforeTheSourcesAreCopied() {
        List<String> lines = dockerfile.lines().toList();
        int goOffline = indexOf(lines, "dependency:go-offline");
        int sources = indexOf(lines, "COPY . .");
        assertTrue(goOffline >= 0 && goOffline < sources, "dependencies resolved before the sources are copied");
        for (String module : LauncherModules.all(ROOT)) {
            assertTrue(indexOf(lines, "COPY " + module + "/pom.xml") >= 0 && indexOf(lines, "COPY " + module + "/pom.xml") < goOffline,
                    module + "'s pom is copied before the dependencies are resolved");
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** The modules the parent pom names. */
    static final class LauncherModules {
        private LauncherModules() {
        }

        static List<String> all(Path root) {
            try {
                return Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml"))).results()
                        .map(m -> m.group(1)).toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
