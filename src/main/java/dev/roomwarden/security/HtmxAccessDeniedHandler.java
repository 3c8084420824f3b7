package dev.roomwarden.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

/** An htmx request the role may not make: 403, with the reason shown in the page's message area. */
class HtmxAccessDeniedHandler implements AccessDeniedHandler {

    static final String MESSAGE = "Your role does not allow this action, or the page was open too long: reload and try again.";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("HX-Retarget", "#flash");
        response.setHeader("HX-Reswap", "innerHTML");
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("<div class=\"alert alert-danger\" role=\"alert\">" + MESSAGE + "</div>")
                .getBytes(StandardCharsets.UTF_8));
    }
}
