package io.prewarm.warmer;

import io.prewarm.contract.Distribution;
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
import org.xbill.DNS.CNAMERecord;
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
    private final ConcurrentHashMap<String, Cached<List<InetAddress>>> addresses = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Cached<String>> dists = new ConcurrentHashMap<>();

    private record Cached<T>(CompletableFuture<T> answer, long expiresAt) {
    }

    /** The URL host has no CNAME chain leading to a CloudFront distribution. */
    public static final class NoDistributionException extends Exception {
        NoDistributionException(String message) {
            super(message, null, false, false);
        }
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

    /** Completes with at least one address, or exceptionally with {@link UnknownHostException} naming {@code name}. */
    public CompletableFuture<List<InetAddress>> resolve(String name) {
        return cached(addresses, name, () -> lookup(name));
    }

    /**
     * The distribution id a host is served by, found by following its CNAME chain to a
     * {@code <dist>.cloudfront.net} name (when a request names no cf_domain), checked as
     * {@link Distribution} says. Completes exceptionally with {@link NoDistributionException} when
     * the chain leads elsewhere.
     */
    public CompletableFuture<String> distOf(String host) {
        return cached(dists, host.toLowerCase(java.util.Locale.ROOT), () -> cnameChain(host));
    }

    private <T> CompletableFuture<T> cached(ConcurrentHashMap<String, Cached<T>> cache, String key, java.util.function.Supplier<T> lookup) {
        long now = System.nanoTime();
        Cached<T> hit = cache.get(key);
        if (hit != null && now - hit.expiresAt() < 0) {
            return hit.answer();
        }
        CompletableFuture<T> answer = CompletableFuture.supplyAsync(lookup, lookups);
        cache.put(key, new Cached<>(answer, now + POSITIVE_TTL.toNanos()));
        answer.whenComplete((ok, failed) -> {
            if (failed != null) {
                cache.put(key, new Cached<>(answer, System.nanoTime() + NEGATIVE_TTL.toNanos()));
            }
        });
        return answer;
    }

    private String cnameChain(String host) {
        org.xbill.DNS.Resolver resolver = dns.map(r -> (org.xbill.DNS.Resolver) r).orElseGet(Lookup::getDefaultResolver);
        String name = host;
        try {
            for (int hop = 0; hop < 8; hop++) {
                Lookup lookup = new Lookup(name, Type.CNAME);
                lookup.setResolver(resolver);
                lookup.setCache(null);
                Record[] records = lookup.run();
                if (lookup.getResult() == Lookup.TRY_AGAIN) {
                    throw new java.util.concurrent.CompletionException(new NoDistributionException(
                            "cannot look up the CNAME of " + host + " (" + lookup.getErrorString() + "); give cf_domain"));
                }
                if (records == null || records.length == 0) {
                    break;
                }
                name = ((CNAMERecord) records[0]).getTarget().toString(true).toLowerCase(java.util.Locale.ROOT);
                if (name.endsWith(Distribution.SUFFIX)) {
                    return Distribution.idOf(name).orElseThrow(() -> new java.util.concurrent.CompletionException(new NoDistributionException(
                            "the CNAME chain leads to a name that is not a CloudFront distribution")));
                }
            }
        } catch (TextParseException e) {
            // falls through: not a name DNS can have a CNAME for
        }
        throw new java.util.concurrent.CompletionException(new NoDistributionException(host + " has no CNAME to *.cloudfront.net; give cf_domain"));
    }

    private List<InetAddress> lookup(String name) {
        Optional<List<InetAddress>> pinned = hosts.lookup(name);
        if (pinned.isPresent()) {
            return pinned.get();
        }
        try {
            return dns.isPresent() ? viaDns(name, dns.get()) : Arrays.asList(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(new UnknownHostException(name));
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
