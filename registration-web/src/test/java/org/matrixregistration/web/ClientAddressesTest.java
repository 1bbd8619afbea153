package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {
    private final ClientAddresses behindProxy = new ClientAddresses(List.of("127.0.0.0/8", "::1", "10.0.0.0/8"));

    private static InetAddress ip(String literal) {
        return AddressRange.literal(literal).orElseThrow();
    }

    @Test
    void takesTheRightMostAddressThatNoTrustedProxyWrote() {
        assertThat(behindProxy.fromChain(ip("127.0.0.1"), List.of("203.0.113.7")))
                .isEqualTo(ip("203.0.113.7"));
        assertThat(behindProxy.fromChain(ip("127.0.0.1"), List.of("6.6.6.6", "203.0.113.7", "10.1.2.3")))
                .as("a client-chosen entry on the left is ignored; the inner proxy 10.1.2.3 is skipped")
                .isEqualTo(ip("203.0.113.7"));
    }

    @Test
    void ignoresTheChainWhenThePeerIsNotATrustedProxy() {
        assertThat(behindProxy.fromChain(ip("198.51.100.9"), List.of("203.0.113.7"))).isEqualTo(ip("198.51.100.9"));
    }

    @Test
    void stopsAtAMalformedEntry() {
        assertThat(behindProxy.fromChain(ip("127.0.0.1"), List.of("203.0.113.7", "not-an-address")))
                .isEqualTo(ip("127.0.0.1"));
        assertThat(behindProxy.fromChain(ip("127.0.0.1"), List.of("evil.example", "10.0.0.2")))
                .isEqualTo(ip("10.0.0.2"));
    }

    @Test
    void readsPortsAndBracketedIpv6() {
        assertThat(behindProxy.fromChain(ip("127.0.0.1"), List.of("203.0.113.7:4711"))).isEqualTo(ip("203.0.113.7"));
        assertThat(behindProxy.fromChain(ip("::1"), List.of("[2001:db8::1]:443"))).isEqualTo(ip("2001:db8::1"));
        assertThat(behindProxy.fromChain(ip("::1"), List.of("2001:db8::1"))).isEqualTo(ip("2001:db8::1"));
    }

    @Test
    void neverResolvesHostNames() {
        assertThat(AddressRange.literal("localhost")).isEmpty();
        assertThat(AddressRange.literal("300.1.1.1")).isEmpty();
        assertThat(AddressRange.literal("1.2.3")).isEmpty();
        assertThat(AddressRange.literal("::ffff:203.0.113.7")).contains(ip("203.0.113.7"));
    }

    @Test
    void matchesCidrBlocks() {
        AddressRange tens = AddressRange.parse("10.0.0.0/8");
        assertThat(tens.contains(ip("10.255.0.1"))).isTrue();
        assertThat(tens.contains(ip("11.0.0.1"))).isFalse();
        AddressRange odd = AddressRange.parse("172.16.0.0/12");
        assertThat(odd.contains(ip("172.31.255.255"))).isTrue();
        assertThat(odd.contains(ip("172.32.0.0"))).isFalse();
        assertThat(AddressRange.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(AddressRange.parse("2001:db8::/32").contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void keysIpv6ClientsByTheirSlash64() {
        assertThat(ClientAddresses.rateLimitKey(ip("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.rateLimitKey(ip("2001:db8:1:2:bbbb::9")))
                .isNotEqualTo(ClientAddresses.rateLimitKey(ip("2001:db8:1:3::1")));
        assertThat(ClientAddresses.rateLimitKey(ip("203.0.113.7"))).isEqualTo("203.0.113.7");
    }

    @Test
    void groupsIpv6ClientsByTheirSlash48ButNotIpv4Clients() {
        assertThat(ClientAddresses.networkKey(ip("2001:db8:1:2::1"))).hasValue("2001:db8:1::/48")
                .isEqualTo(ClientAddresses.networkKey(ip("2001:db8:1:ffff::9")));
        assertThat(ClientAddresses.networkKey(ip("2001:db8:2::1"))).hasValue("2001:db8:2::/48");
        assertThat(ClientAddresses.networkKey(ip("203.0.113.7"))).isEmpty();
    }
}
