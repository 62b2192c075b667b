package io.prewarm.webhooks;

import io.prewarm.contract.WebhookPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The callback client's only way from a host to an address: {@link WebhookPolicy#resolve}, which
 * refuses a name when any address it resolves to is internal. HttpClient asks it for every new
 * connection, IP literals included, and connects to exactly the addresses it returned, so a name that
 * was public when the job was accepted and points inside later (DNS rebinding) is refused at the
 * connection it would have made.
 */
final class CheckedDns implements DnsResolver {
    private final WebhookPolicy policy;

    CheckedDns(WebhookPolicy policy) {
        this.policy = policy;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        return policy.resolve(host);
    }

    /** No reverse or canonical lookups: TLS checks the name the callback URL gave. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
