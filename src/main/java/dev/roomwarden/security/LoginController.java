package dev.roomwarden.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class LoginController {

    private final OidcProperties oidc;

    LoginController(OidcProperties oidc) {
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String login(Authentication authentication, @RequestParam(required = false) String throttled, HttpServletRequest request,
            Model model) {
        if (signedIn(authentication)) {
            return "redirect:/";
        }
        // Only a number of seconds from the URL reaches the page, never other words.
        if (throttled != null && throttled.matches("[0-9]{1,6}")) {
            model.addAttribute("throttled", new LoginThrottle.Throttled(Long.parseLong(throttled)).message());
        }
        model.addAttribute("localLogin", oidc.localLogin());
        model.addAttribute("sso", oidc.enabled() ? oidc.providerName() : null);
        var session = request.getSession(false);
        if (session != null && session.getAttribute(SsoFailureHandler.PROBLEM) instanceof String problem) {
            // Said once: a reload of the login page starts afresh.
            session.removeAttribute(SsoFailureHandler.PROBLEM);
            model.addAttribute("ssoProblem", problem);
        }
        return "security/login";
    }

    /** Someone the provider signed in and Roomwarden refused: who they are there, why, and how to get access. */
    @GetMapping("/no-access")
    String noAccess(Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (signedIn(authentication)) {
            return "redirect:/";
        }
        var session = request.getSession(false);
        if (session == null || !(session.getAttribute(SsoFailureHandler.NO_ACCESS) instanceof NoAccess noAccess)) {
            return "redirect:/login";
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("noAccess", noAccess);
        return "security/no-access";
    }

    private static boolean signedIn(Authentication authentication) {
        return authentication != null && !(authentication instanceof AnonymousAuthenticationToken);
    }
}
