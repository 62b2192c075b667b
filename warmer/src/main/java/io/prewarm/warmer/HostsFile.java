package io.prewarm.warmer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Name-to-address overrides in /etc/hosts format ({@code address name [name...]}, # comments).
 * An operator uses it to pin PoP names (say, to test a staging edge); tests use it to point PoP
 * names at a local stand-in. Names are matched case-insensitively; only literal addresses are
 * accepted, so reading the file never does a lookup.
 */
public final class HostsFile {
    private final Map<String, List<InetAddress>> entries;

    private HostsFile(Map<String, List<InetAddress>> entries) {
        this.entries = entries;
    }

    public static HostsFile empty() {
        return new HostsFile(Map.of());
    }

    public static HostsFile load(Path file) {
        try {
            return parse(Files.readAllLines(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hosts file " + file, e);
        }
    }

    static HostsFile parse(List<String> lines, String source) {
        Map<String, List<InetAddress>> entries = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 2 || !parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected 'address name...', got '" + lines.get(i) + "'");
            }
            InetAddress address;
            try {
                address = InetAddress.getByName(parts[0]);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": not an IP address: " + parts[0], e);
            }
            for (int n = 1; n < parts.length; n++) {
                entries.computeIfAbsent(parts[n].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(address);
            }
        }
        return new HostsFile(Map.copyOf(entries));
    }

    public Optional<List<InetAddress>> lookup(String name) {
        return Optional.ofNullable(entries.get(name.toLowerCase(Locale.ROOT)));
    }
}
