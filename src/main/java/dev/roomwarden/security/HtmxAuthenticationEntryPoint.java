package dev.roomwarden.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * An htmx request without a session (it expired while a table was polling): answer 401 and send the
 * whole browser to the page it was showing, which in turn goes through the login page and back.
 * Pasting a login form into a table would help nobody.
 */
class HtmxAuthenticationEntryPoint implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("HX-Redirect", request.getContextPath() + currentPage(request));
    }

    /** The path and query of the page htmx says it is on, or the login page when that is unusable. */
    static String currentPage(HttpServletRequest request) {
        var current = request.getHeader("HX-Current-URL");
        if (current != null) {
            try {
                var uri = URI.create(current);
                var path = uri.getRawPath();
                var contextPath = request.getContextPath();
                if (path != null && path.startsWith(contextPath + "/") && !path.startsWith(contextPath + "//")) {
                    var page = path.substring(contextPath.length());
                    return uri.getRawQuery() == null ? page : page + "?" + uri.getRawQuery();
                }
            } catch (IllegalArgumentException ignored) {
                // fall through to the login page
            }
        }
        return "/login";
    }
}
