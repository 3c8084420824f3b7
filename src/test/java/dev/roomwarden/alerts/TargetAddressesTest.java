package dev.roomwarden.alerts;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which webhook URLs are refused as Roomwarden runs by default (no local targets), each with its sentence. */
class TargetAddressesTest {

    private final TargetAddresses addresses = new TargetAddresses(new AlertsProperties(Duration.ofSeconds(10), "x@y.z", false,
            Duration.ofSeconds(3), Duration.ofSeconds(5), 2, Duration.ofSeconds(2), 20, Duration.ofMinutes(10), ""));

    private void refused(String url, String sentence) {
        assertThatThrownBy(() -> addresses.check(url)).as(url).isInstanceOf(TargetAddresses.Refused.class).hasMessageContaining(sentence);
    }

    @Test
    void thisMachineLinkLocalAnyLocalAndMulticastAreRefused() {
        refused("http://127.0.0.1:9000/hook", "“127.0.0.1” is a loopback address (this machine); alerts are not sent there");
        refused("http://localhost/hook", "“localhost” resolves to");
        refused("http://[::1]:8080/hook", "a loopback address (this machine)");
        refused("http://0.0.0.0:8080/hook", "the any-local address (this machine)");
        refused("http://169.254.169.254/latest/meta-data/", "“169.254.169.254” is a link-local address");
        refused("http://[fe80::1]/hook", "a link-local address");
        refused("http://[fd00:ec2::254]/latest/meta-data/", "a link-local address");
        refused("http://224.0.0.1/hook", "a multicast address");
    }

    @Test
    void theFormOfTheUrlIsCheckedBeforeItsHost() {
        refused("javascript:alert(1)", "Only http and https URLs can receive alerts, not “javascript:”.");
        refused("//chat.example.com/hook", "not a URL without a scheme");
        refused("https://user@10.0.0.5/hook", "may not contain a user name or password");
        refused("https://chat.example.com/hook with space", "spaces or control characters");
        refused("https:///hook", "no host name");
        refused("https://10.0.0.5/" + "a".repeat(2000), "longer than 2000 characters");
        refused("https://no-such-host.invalid/hook", "does not resolve");
    }

    @Test
    void privateNetworksArePublicAddressesAreAllowed() throws Exception {
        assertThat(addresses.check("http://10.0.0.5:8065/hooks/abc").getHost()).isEqualTo("10.0.0.5");
        assertThat(addresses.check("https://192.168.1.20/hooks/abc").getHost()).isEqualTo("192.168.1.20");
        assertThat(addresses.check("https://203.0.113.7/hooks/abc").getHost()).isEqualTo("203.0.113.7");
    }

    @Test
    void aUrlIsShownAsItsSchemeAndHostOnly() {
        assertThat(AlertTarget.shownUrl("https://hooks.slack.com/services/T000/B000/XXXX?x=1")).isEqualTo("https://hooks.slack.com/…");
        assertThat(AlertTarget.shownUrl("http://10.0.0.5:8065/hooks/abc")).isEqualTo("http://10.0.0.5:8065/…");
        assertThat(AlertTarget.shownUrl("not a url")).isEqualTo("(an address that is not a URL)");
    }
}
