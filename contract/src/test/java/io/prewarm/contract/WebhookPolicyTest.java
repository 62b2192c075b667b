package io.prewarm.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookPolicyTest {
    private final WebhookPolicy policy = new WebhookPolicy(Optional.of("k"), List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254", "fc00::1", "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::", "::ffff:127.0.0.1", "::ffff:10.0.0.1"})
    void internalAddressesAreRefused(String address) throws UnknownHostException {
        assertTrue(policy.refusal(InetAddress.getByName(address)).isPresent(), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "64:ff9b::808:808"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertEquals(Optional.empty(), policy.refusal(InetAddress.getByName(address)), address);
    }

    @Test
    void anOperatorsAllowListOpensABlock() throws UnknownHostException {
        WebhookPolicy open = WebhookPolicy.fromEnv(new Env(Map.of("PREWARM_WEBHOOK_SECRET", "k", "PREWARM_WEBHOOK_ALLOW", "127.0.0.0/8, ::1")));
        assertEquals(Optional.empty(), open.refusal(InetAddress.getByName("127.0.0.2")));
        assertEquals(Optional.empty(), open.refusal(InetAddress.getByName("::1")));
        assertTrue(open.refusal(InetAddress.getByName("10.0.0.1")).isPresent());
        assertEquals(1, open.resolve("localhost").length > 0 ? 1 : 0);
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> policy.resolve("localhost"));
        assertTrue(e.getMessage().contains("PREWARM_WEBHOOK_ALLOW"), e.getMessage());
        assertTrue(policy.problem("http://localhost:8080/hook").isPresent());
    }

    @Test
    void withoutASecretNoCallbackIsAccepted() {
        assertFalse(WebhookPolicy.DISABLED.enabled());
        assertTrue(WebhookPolicy.DISABLED.problem("https://93.184.216.34/hook").orElseThrow().contains("PREWARM_WEBHOOK_SECRET"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://93.184.216.34/x", "https:///x", "https://u:p@93.184.216.34/x", "not a url"})
    void badShapesAreRefused(String url) {
        assertTrue(policy.problem(url).isPresent(), url);
    }

    @Test
    void badAllowEntriesNameTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookPolicy.fromEnv(new Env(Map.of("PREWARM_WEBHOOK_ALLOW", "example.com"))));
        assertTrue(e.getMessage().startsWith("PREWARM_WEBHOOK_ALLOW"), e.getMessage());
    }
}
