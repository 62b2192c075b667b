package io.prewarm.warmer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prewarm.testing.DnsStub;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EdgeResolverTest {
    private DnsStub dns;

    @BeforeEach
    void setUp() {
        dns = DnsStub.start()
                .a("d1.ATL56-C1.cloudfront.net", "127.0.0.5")
                .cname("d1.IAD89-P1.cloudfront.net", "edge-iad.example.net")
                .a("edge-iad.example.net", "127.0.0.6")
                .cname("cdn.example.com", "cdn-alias.example.net")
                .cname("cdn-alias.example.net", "D111111ABCDEF8.CloudFront.net")
                .cname("odd.example.com", "d1.atl56-c1.cloudfront.net");
    }

    @AfterEach
    void tearDown() {
        dns.close();
    }

    @Test
    void popNamesAreResolvedThroughTheConfiguredDnsServer() throws Exception {
        try (EdgeResolver resolver = new EdgeResolver(HostsFile.empty(), Optional.of(dns.hostPort()))) {
            assertEquals(List.of(InetAddress.getByName("127.0.0.5")), resolver.resolve("d1.ATL56-C1.cloudfront.net").get(5, TimeUnit.SECONDS));
            assertEquals(List.of(InetAddress.getByName("127.0.0.6")), resolver.resolve("d1.IAD89-P1.cloudfront.net").get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aNameTheDnsServerDoesNotKnowIsUnknownHost() {
        try (EdgeResolver resolver = new EdgeResolver(HostsFile.empty(), Optional.of(dns.hostPort()))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> resolver.resolve("d1.NOPE1-X1.cloudfront.net").get(10, TimeUnit.SECONDS));
            assertInstanceOf(UnknownHostException.class, e.getCause());
        }
    }

    @Test
    void aCnameChainEndingAtADistributionGivesItsIdWhateverItsCase() throws Exception {
        try (EdgeResolver resolver = new EdgeResolver(HostsFile.empty(), Optional.of(dns.hostPort()))) {
            assertEquals("d111111abcdef8", resolver.distOf("cdn.example.com").get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCnameChainEndingAtAnotherCloudFrontNameIsNoDistribution() {
        try (EdgeResolver resolver = new EdgeResolver(HostsFile.empty(), Optional.of(dns.hostPort()))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> resolver.distOf("odd.example.com").get(10, TimeUnit.SECONDS));
            assertInstanceOf(EdgeResolver.NoDistributionException.class, e.getCause());
            assertEquals("the CNAME chain leads to a name that is not a CloudFront distribution", e.getCause().getMessage());
        }
    }

    @Test
    void theHostsFileWinsOverDns() throws Exception {
        HostsFile hosts = HostsFile.parse(List.of("# pinned", "127.0.0.9 D1.atl56-c1.CLOUDFRONT.net  other.name"), "test");
        try (EdgeResolver resolver = new EdgeResolver(hosts, Optional.of(dns.hostPort()))) {
            assertEquals(List.of(InetAddress.getByName("127.0.0.9")), resolver.resolve("d1.ATL56-C1.cloudfront.net").get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aMalformedHostsLineIsRejectedWithItsLineNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostsFile.parse(List.of("127.0.0.1 ok", "nonsense"), "hosts"));
        assertEquals(true, e.getMessage().startsWith("hosts line 2"), e.getMessage());
    }
}
