package io.prewarm.warmer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Resolves PoP names ({@code <dist>.<POP>.cloudfront.net}) to the addresses a warm request may
 * dial: the hosts file first, then either the configured DNS server or the system resolver.
 * Answers are cached briefly (PoP names are few and asked for constantly) and lookups run off the
 * consumer thread, so a slow DNS server never stalls task intake.
 */
public final class EdgeResolver implements AutoCloseable {
    private static final Duration POSITIVE_TTL = Duration.ofSeconds(60);
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);

    private final HostsFile hosts;
    private final Optional<SimpleResolver> dns;
    private final ExecutorService lookups = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "edge-dns");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(CompletableFuture<List<InetAddress>> answer, long expiresAt) {
    }

    public EdgeResolver(HostsFile hosts, Optional<String> dnsServer) {
        this.hosts = hosts;
        this.dns = dnsServer.map(EdgeResolver::resolverFor);
    }

    private static SimpleResolver resolverFor(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
        int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : 53;
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(host, port));
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver;
    }

    /** Completes with at least one address, or exceptionally with {@link UnknownHostException}. */
    public CompletableFuture<List<InetAddress>> resolve(String name) {
        long now = System.nanoTime();
        Cached cached = cache.get(name);
        if (cached != null && now - cached.expiresAt() < 0) {
            return cached.answer();
        }
        CompletableFuture<List<InetAddress>> answer = CompletableFuture.supplyAsync(() -> lookup(name), lookups);
        cache.put(name, new Cached(answer, now + POSITIVE_TTL.toNanos()));
        answer.whenComplete((ok, failed) -> {
            if (failed != null) {
                cache.put(name, new Cached(answer, System.nanoTime() + NEGATIVE_TTL.toNanos()));
            }
        });
        return answer;
    }

    private List<InetAddress> lookup(String name) {
        Optional<List<InetAddress>> pinned = hosts.lookup(name);
        if (pinned.isPresent()) {
            return pinned.get();
        }
        try {
            return dns.isPresent() ? viaDns(name, dns.get()) : Arrays.asList(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private static List<InetAddress> viaDns(String name, SimpleResolver resolver) throws UnknownHostException {
        try {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Lookup lookup = new Lookup(name, type);
                lookup.setResolver(resolver);
                lookup.setCache(null);
                Record[] records = lookup.run();
                if (records != null && records.length > 0) {
                    return Arrays.stream(records).map(EdgeResolver::address).toList();
                }
            }
        } catch (TextParseException e) {
            throw new UnknownHostException(name + ": not a valid DNS name");
        }
        throw new UnknownHostException(name);
    }

    private static InetAddress address(Record r) {
        return r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress();
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }
}
