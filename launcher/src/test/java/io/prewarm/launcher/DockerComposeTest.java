package io.prewarm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs on our machines, so docker-compose.yml is checked here: the broker is the
 * official KRaft image set up for one node, every role runs from this repo's one image against
 * that broker, warmers are replicated and the status store advertises a name others can reach.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..");
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(String service) {
        return (Map<String, Object>) services.get(service).get("environment");
    }

    @Test
    void theBrokerIsTheOfficialImageInKraftModeForOneNode() {
        assertTrue(services.get("kafka").get("image").toString().startsWith("apache/kafka:4."));
        Map<String, Object> env = env("kafka");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").toString().contains("controller"));
        assertEquals("1", env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR").toString());
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").toString());
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").toString());
    }

    @Test
    void everyRoleRunsFromThisRepositorysImageAgainstTheBroker() {
        String advertised = env("kafka").get("KAFKA_ADVERTISED_LISTENERS").toString().replaceFirst("^PLAINTEXT://", "");
        for (String role : List.of("ingest", "expander", "warmer", "status")) {
            Map<String, Object> service = services.get(role);
            assertEquals(".", service.get("build"), role);
            assertEquals(advertised, env(role).get("KAFKA_BOOTSTRAP_SERVERS"), role);
            assertEquals(Set.of(LauncherConfig.Role.valueOf(role.toUpperCase())), LauncherConfig.roles(env(role).get("PREWARM_ROLES").toString()), role);
            assertTrue(((Map<?, ?>) service.get("depends_on")).containsKey("kafka"), role);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void warmersAreReplicatedAndTheStatusStoreAdvertisesItsServiceName() {
        Map<String, Object> deploy = (Map<String, Object>) services.get("warmer").get("deploy");
        assertTrue((Integer) deploy.get("replicas") >= 2);
        assertEquals(services.get("status").get("hostname"), env("status").get("PREWARM_ADVERTISED_HOST"));
    }

    @Test
    void theImageStartsTheLauncher() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertTrue(dockerfile.contains(PrewarmMain.class.getName()));
        assertTrue(dockerfile.contains("launcher/target/lib"));
    }
}
