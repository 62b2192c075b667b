package io.prewarm.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsFileTest {
    @TempDir
    Path dir;
    private EdgeSimulator simulator;

    @BeforeEach
    void start() {
        simulator = EdgeSimulator.builder().start();
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void writeHostsFileMapsEachPopToItsOwnLoopbackAddress() throws IOException {
        Path file = simulator.writeHostsFile(dir.resolve("hosts"), "d111111abcdef8", List.of("IAD89-C1", "FRA56-P2"));

        Map<String, InetAddress> entries = read(file);
        InetAddress iad = entries.get("d111111abcdef8.IAD89-C1.cloudfront.net");
        InetAddress fra = entries.get("d111111abcdef8.FRA56-P2.cloudfront.net");
        assertEquals(2, entries.size());
        assertEquals(InetAddress.getByName("127.1.0.1"), iad);
        assertEquals(simulator.addressOf("IAD89-C1"), iad);
        assertEquals(simulator.addressOf("FRA56-P2"), fra);
        assertNotEquals(iad, fra);
        assertTrue(fra.isLoopbackAddress());
    }

    @Test
    void writingAgainWithMorePopsExtendsTheMapping() throws IOException {
        Path file = dir.resolve("hosts");
        InetAddress iad = read(simulator.writeHostsFile(file, "d1", List.of("IAD89-C1"))).get("d1.IAD89-C1.cloudfront.net");

        Map<String, InetAddress> entries = read(simulator.writeHostsFile(file, "d1", List.of("IAD89-C1", "NRT57-P3")));

        assertEquals(iad, entries.get("d1.IAD89-C1.cloudfront.net"));
        assertEquals(simulator.addressOf("NRT57-P3"), entries.get("d1.NRT57-P3.cloudfront.net"));
        assertEquals(2, entries.size());
    }

    @Test
    void theTwoHundredAndFiftyFirstPopMovesToTheNextThirdOctet() {
        for (int i = 0; i < 250; i++) {
            simulator.addressOf("POP" + i + "-C1");
        }

        assertEquals("127.1.0.250", simulator.addressOf("POP249-C1").getHostAddress());
        assertEquals("127.1.1.1", simulator.addressOf("NEW1-C1").getHostAddress());
    }

    @Test
    void aPopIdThatCannotBeAHostNameLabelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> simulator.addressOf("IAD 89"));
    }

    private static Map<String, InetAddress> read(Path file) throws IOException {
        Map<String, InetAddress> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split("\\s+");
            for (int i = 1; i < parts.length; i++) {
                entries.put(parts[i], InetAddress.getByName(parts[0]));
            }
        }
        return entries;
    }
}
