package io.prewarm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the hosts file ({@code address name...}) through which the warmer resolves
 * {@code <dist>.<POP>.cloudfront.net} to the simulator. It remembers every name written before,
 * so each write holds the whole mapping so far and a later call with more PoPs only extends it.
 * The file is replaced atomically, so a reader never sees half of it.
 */
final class HostsFileWriter {
    private final PopAddresses addresses;
    private final Map<InetAddress, Set<String>> names = new LinkedHashMap<>();

    HostsFileWriter(PopAddresses addresses) {
        this.addresses = addresses;
    }

    static String hostName(String dist, String pop) {
        return dist + "." + pop + ".cloudfront.net";
    }

    synchronized Path write(Path file, String dist, Collection<String> pops) {
        if (dist == null || !dist.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("dist must be a DNS label like d111111abcdef8, got '" + dist + "'");
        }
        for (String pop : pops) {
            names.computeIfAbsent(addresses.assign(pop), a -> new LinkedHashSet<>()).add(hostName(dist, pop));
        }
        List<String> lines = new ArrayList<>();
        lines.add("# written by the Prewarm edge simulator: one loopback address per PoP");
        names.forEach((address, hostNames) -> lines.add(address.getHostAddress() + " " + String.join(" ", hostNames)));
        replace(file.toAbsolutePath(), lines);
        return file;
    }

    private static void replace(Path file, List<String> lines) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".hosts", ".tmp");
            try {
                Files.write(tmp, lines);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write hosts file " + file, e);
        }
    }
}
