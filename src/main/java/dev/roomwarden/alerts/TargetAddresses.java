package dev.roomwarden.alerts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs an alert may be posted to, checked when a target is saved and again, with a fresh DNS answer,
 * each time one is sent: http(s) only, no user-info, and no host that is (or resolves to) loopback, link-local (cloud
 * metadata), any-local, multicast or an address of this machine, so that an ADMIN's target cannot make Roomwarden read
 * its own or its host's internal endpoints. Private networks stay allowed (chat servers live there); SECURITY.md has
 * the trade-offs. With roomwarden.alerts.allow-local-targets (tests, a chat server on the same host) this machine's
 * addresses are allowed, but never this instance's own server or management port on them; link-local and multicast
 * never are.
 */
@Component
class TargetAddresses {

    static final int MAX_URL = 2000;
    /** AWS's metadata service over IPv6, a unique-local address the link-local check does not cover. */
    private static final Set<String> METADATA = Set.of("fd00:ec2:0:0:0:0:0:254");

    /** A URL or address an alert may not go to, with the sentence that says why. */
    static final class Refused extends UnknownHostException {
        Refused(String sentence) {
            super(sentence);
        }
    }

    private final boolean allowLocal;
    private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();

    TargetAddresses(AlertsProperties properties) {
        this.allowLocal = properties.allowLocalTargets();
    }

    /** The server's port, and the management server's when it has its own. */
    @EventListener
    void started(WebServerInitializedEvent event) {
        ownPorts.add(event.getWebServer().getPort());
    }

    /**
     * The URL as Roomwarden will post to it, after every check including the DNS answer now.
     *
     * @throws Refused with a sentence naming what is wrong (never the URL's path or query, which may be its secret)
     */
    URI check(String url) throws Refused {
        var uri = parse(url);
        addresses(uri.getHost(), port(uri));
        return uri;
    }

    /** Checks the URL's form only (no DNS): scheme, host, no user-info. */
    static URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("The webhook needs a URL (https://…).");
        }
        if (url.length() > MAX_URL) {
            throw new Refused("The URL is longer than " + MAX_URL + " characters.");
        }
        if (url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new Refused("The URL contains spaces or control characters.");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("That is not a URL Roomwarden can read (" + e.getReason() + ").");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("Only http and https URLs can receive alerts, not " + (scheme.isEmpty() ? "a URL without a scheme"
                    : "“" + scheme + ":”") + ".");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("The URL may not contain a user name or password before its host (user@host); "
                    + "put a secret in the path or query, as incoming webhooks do.");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("The URL has no host name Roomwarden can read.");
        }
        return uri;
    }

    static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The host's addresses now, every one of them allowed (the connection is made to these, not to a new DNS answer). */
    List<InetAddress> addresses(String host, int port) throws Refused {
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (Refused e) {
            throw e;
        } catch (UnknownHostException e) {
            throw new Refused("The host name “" + host + "” does not resolve (DNS has no address for it).");
        }
        for (var address : resolved) {
            var shown = address.getHostAddress();
            var what = address.getHostAddress().equalsIgnoreCase(bare(host)) ? "“" + host + "” is" : "“" + host + "” resolves to " + shown + ",";
            var local = local(address);
            if (local != null && (!allowLocal || !isThisMachine(address))) {
                throw new Refused(what + " " + local + "; alerts are not sent there, so that a target cannot reach "
                        + "Roomwarden's or its host's own endpoints.");
            }
            if (local != null && ownPorts.contains(port)) {
                throw new Refused(what + " this machine, and port " + port + " is Roomwarden's own: alerts are not sent to "
                        + "Roomwarden itself.");
            }
        }
        return List.of(resolved);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Why the address counts as local (not to be reached), or null. */
    static String local(InetAddress address) {
        if (address.isAnyLocalAddress() || address.getAddress()[0] == 0 && address.getAddress().length == 4) {
            return "the any-local address (this machine)";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address (this machine)";
        }
        if (address.isLinkLocalAddress() || METADATA.contains(address.getHostAddress())) {
            return "a link-local address (169.254.0.0/16 or fe80::/10, where cloud metadata services answer)";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if (ownAddress(address)) {
            return "an address of this machine";
        }
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return "an IPv4-compatible IPv6 address";
        }
        return null;
    }

    private static boolean isThisMachine(InetAddress address) {
        return address.isAnyLocalAddress() || address.isLoopbackAddress() || address.getAddress()[0] == 0 && address.getAddress().length == 4
                || ownAddress(address);
    }

    private static boolean ownAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
