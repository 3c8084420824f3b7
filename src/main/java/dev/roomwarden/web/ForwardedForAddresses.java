package dev.roomwarden.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Runs before Tomcat's {@code RemoteIpValve}: an {@code X-Forwarded-For} that is anything but a list of IP
 * addresses is dropped, so the client address (audit log, request log) is then the connection's own. The valve
 * would otherwise take any string as the address, from a proxy that passes on what the client sent.
 */
class ForwardedForAddresses extends ValveBase {

    static final String HEADER = "X-Forwarded-For";
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    ForwardedForAddresses() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        var values = request.getHeaders(HEADER);
        while (values.hasMoreElements()) {
            if (!addresses(values.nextElement())) {
                request.getCoyoteRequest().getMimeHeaders().removeHeader(HEADER);
                break;
            }
        }
        getNext().invoke(request, response);
    }

    private static boolean addresses(String header) {
        for (var entry : header.split(",")) {
            if (!ipAddress(entry.strip())) {
                return false;
            }
        }
        return true;
    }

    /** An IPv4 address in dotted decimal, or an IPv6 address, without looking any name up. */
    static boolean ipAddress(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !IPV6.matcher(value).matches()) {
            return false;
        }
        try {
            // In brackets it can only be an IPv6 literal: parsed, never looked up.
            InetAddress.getByName("[" + value + "]");
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
