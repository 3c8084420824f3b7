package dev.roomwarden.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What the X-Forwarded-For check takes for an IP address; all else makes the connection's address count. */
class ForwardedForAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1", "fd00:0:0:0:0:0:0:2",
            "::ffff:192.0.2.1"})
    void addresses(String value) {
        assertThat(ForwardedForAddresses.ipAddress(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "unknown", "evil.example", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4",
            "203.0.113.7:443", "[2001:db8::1]", "abc:def", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "203.0.113.7<script>",
            " 203.0.113.7"})
    void notAddresses(String value) {
        assertThat(ForwardedForAddresses.ipAddress(value)).isFalse();
    }
}
