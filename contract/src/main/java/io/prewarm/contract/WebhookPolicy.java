package io.prewarm.contract;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where job callbacks ({@code callback_url}) may go, and the secret they are signed with: the one rule
 * ingest checks when it accepts a {@code callback_url}, the expander when a direct producer's record
 * has one, and the webhook sender on every delivery, on the address it is about to connect to (so a
 * name that resolved to a public address at submission and to a private one later is still refused).
 *
 * <p>Refused unless an operator allows them with {@code PREWARM_WEBHOOK_ALLOW} (a comma list of
 * CIDRs): loopback, unspecified, link-local (with the cloud metadata address 169.254.169.254),
 * private (10/8, 172.16/12, 192.168/16, fc00::/7 with fd00:ec2::254), carrier-grade NAT (100.64/10),
 * multicast and broadcast, and IPv4 addresses embedded in IPv6 (NAT64, 6to4) are judged as IPv4.
 * Without {@code PREWARM_WEBHOOK_SECRET} no callback is accepted at all: an unsigned callback could
 * be forged by anybody who knows the URL.
 */
public final class WebhookPolicy {
    public static final WebhookPolicy DISABLED = new WebhookPolicy(Optional.empty(), List.of());
    private static final List<Cidr> DENIED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"), Cidr.parse("192.168.0.0/16"),
            Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"),
            Cidr.parse("ff00::/8"));

    private final Optional<String> secret;
    private final List<Cidr> allowed;

    public WebhookPolicy(Optional<String> secret, List<Cidr> allowed) {
        this.secret = secret.filter(s -> !s.isBlank());
        this.allowed = List.copyOf(allowed);
    }

    /** {@code PREWARM_WEBHOOK_SECRET} and {@code PREWARM_WEBHOOK_ALLOW} (comma-separated CIDRs or addresses). */
    public static WebhookPolicy fromEnv(Env env) {
        List<Cidr> allow = new ArrayList<>();
        for (String part : env.get("PREWARM_WEBHOOK_ALLOW", "").split(",")) {
            if (!part.isBlank()) {
                try {
                    allow.add(Cidr.parse(part.trim()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("PREWARM_WEBHOOK_ALLOW: " + e.getMessage());
                }
            }
        }
        return new WebhookPolicy(env.get("PREWARM_WEBHOOK_SECRET"), allow);
    }

    public boolean enabled() {
        return secret.isPresent();
    }

    /** The signing secret; only when {@link #enabled()}. */
    public String secret() {
        return secret.orElseThrow(() -> new IllegalStateException("PREWARM_WEBHOOK_SECRET is not set"));
    }

    /**
     * Why a job may not call back to {@code url} (a phrase to follow the field's name), or empty: shape
     * (absolute http(s), a host, no user info), then every address the host resolves to now.
     */
    public Optional<String> problem(String url) {
        if (!enabled()) {
            return Optional.of("needs PREWARM_WEBHOOK_SECRET to be set on the server (callbacks are signed with it)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!UrlRules.PROTOCOLS.contains(scheme) || uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of("must be an absolute http:// or https:// URL with a host, got " + UrlRules.quote(url));
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("must not contain user info or a #fragment");
        }
        try {
            resolve(uri.getHost());
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The addresses of {@code host} a callback may connect to, all of them checked; throws (with a
     * message for the job's detail) when the name does not resolve or any address it resolves to is
     * refused, so a name with one private address among public ones cannot be steered to it.
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            Optional<String> refused = refusal(a);
            if (refused.isPresent()) {
                throw new UnknownHostException("host " + host + " resolves to " + a.getHostAddress() + ", " + refused.get()
                        + "; an operator may allow it with PREWARM_WEBHOOK_ALLOW");
            }
        }
        return addresses;
    }

    /** Why a callback may not connect to {@code address}, or empty. */
    public Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (allowed.stream().anyMatch(c -> c.contains(bytes))) {
            return Optional.empty();
        }
        byte[] judged = embeddedIpv4(bytes).orElse(bytes);
        if (judged != bytes && allowed.stream().anyMatch(c -> c.contains(judged))) {
            return Optional.empty();
        }
        if (Arrays.equals(judged, new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255})
                || DENIED.stream().anyMatch(c -> c.contains(judged))) {
            return Optional.of("a loopback, private, link-local, metadata or otherwise internal address");
        }
        return Optional.empty();
    }

    /** The IPv4 address inside a NAT64 (64:ff9b::/96), 6to4 (2002::/16) or IPv4-compatible (::/96) IPv6 address. */
    private static Optional<byte[]> embeddedIpv4(byte[] a) {
        if (a.length != 16) {
            return Optional.empty();
        }
        if (a[0] == 0x00 && a[1] == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && allZero(a, 4, 12)) {
            return Optional.of(Arrays.copyOfRange(a, 12, 16));
        }
        if (a[0] == 0x20 && a[1] == 0x02) {
            return Optional.of(Arrays.copyOfRange(a, 2, 6));
        }
        if (allZero(a, 0, 12) && !allZero(a, 12, 15)) {
            return Optional.of(Arrays.copyOfRange(a, 12, 16));
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address block like {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is its own /32 or /128. */
    public record Cidr(byte[] network, int prefix) {
        public static Cidr parse(String text) {
            String[] parts = text.split("/", 2);
            InetAddress address;
            if (!parts[0].matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block like 10.0.0.0/8");
            }
            try {
                address = InetAddress.getByName(parts[0]);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block like 10.0.0.0/8");
            }
            byte[] bytes = address.getAddress();
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix longer than the address");
            }
            return new Cidr(bytes, prefix);
        }

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int shift = address.length * 8 - prefix;
            return new BigInteger(1, address).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
        }
    }
}
