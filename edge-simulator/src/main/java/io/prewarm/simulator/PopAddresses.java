package io.prewarm.simulator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gives each PoP its own loopback address, because the simulator listens once on 0.0.0.0 and can
 * only tell which PoP a client meant by the local address the connection arrived on. PoP number i
 * (in order of first use) gets 127.1.(i/250).(i%250+1); addresses are never reused or reassigned.
 */
final class PopAddresses {
    static final String UNKNOWN = "UNKNOWN";
    private static final int PER_OCTET = 250;
    private static final int CAPACITY = PER_OCTET * 256;

    private final Map<String, InetAddress> byPop = new ConcurrentHashMap<>();
    private final Map<InetAddress, String> byAddress = new ConcurrentHashMap<>();

    /** The address of {@code pop}, assigning the next free one on first use. */
    InetAddress assign(String pop) {
        Objects.requireNonNull(pop, "pop");
        InetAddress known = byPop.get(pop);
        return known != null ? known : assignNew(pop);
    }

    private synchronized InetAddress assignNew(String pop) {
        if (pop.isBlank() || !pop.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("a PoP id must be a DNS label, got '" + pop + "'");
        }
        InetAddress known = byPop.get(pop);
        if (known != null) {
            return known;
        }
        int i = byPop.size();
        if (i >= CAPACITY) {
            throw new IllegalStateException("no loopback address left for PoP " + pop);
        }
        InetAddress address = loopback(i);
        byAddress.put(address, pop);
        byPop.put(pop, address);
        return address;
    }

    /** The PoP an address belongs to, or {@link #UNKNOWN}. */
    String popAt(InetAddress address) {
        return byAddress.getOrDefault(address, UNKNOWN);
    }

    private static InetAddress loopback(int i) {
        byte[] octets = {127, 1, (byte) (i / PER_OCTET), (byte) (i % PER_OCTET + 1)};
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot happen for a 4-byte address", e);
        }
    }
}
