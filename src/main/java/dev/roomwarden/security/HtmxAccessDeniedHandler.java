package dev.roomwarden.security;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.roomwarden.display.Flash;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/** An htmx request the role may not make: 403, with the reason in the page's message area, as the layout shows messages. */
class HtmxAccessDeniedHandler implements AccessDeniedHandler {

    static final String MESSAGE = "Your role does not allow this action, or the page was open too long: reload and try again.";

    private final ITemplateEngine templates;

    HtmxAccessDeniedHandler(ITemplateEngine templates) {
        this.templates = templates;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        var fromConfirmation = request.getHeader(Flash.FROM_CONFIRMATION) != null;
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setHeader("HX-Retarget", fromConfirmation ? "#confirm-message" : "#flash");
        response.setHeader("HX-Reswap", "innerHTML");
        response.setContentType("text/html;charset=UTF-8");
        var flash = new Context(Locale.ENGLISH, Map.of("flash", Flash.error(MESSAGE)));
        templates.process("layout", Set.of(fromConfirmation ? "refusal" : "flash"), flash, response.getWriter());
    }
}
