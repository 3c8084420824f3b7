package dev.roomwarden.security;

import java.io.IOException;

import dev.roomwarden.input.Text;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * A sign-in with the provider that did not let someone in. Someone Roomwarden refuses goes to the no-access
 * page; anything else goes back to the login page with what went wrong in a sentence (never a stack trace),
 * and a warning in the log for whoever runs Roomwarden.
 */
class SsoFailureHandler implements AuthenticationFailureHandler {

    static final String NO_ACCESS = SsoFailureHandler.class.getName() + ".NO_ACCESS";
    static final String PROBLEM = SsoFailureHandler.class.getName() + ".PROBLEM";
    private static final Logger log = LoggerFactory.getLogger(SsoFailureHandler.class);
    private static final String TRY_AGAIN = " Try again; if it keeps failing, tell whoever runs Roomwarden.";

    private final String provider;

    SsoFailureHandler(String provider) {
        this.provider = provider;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        var session = request.getSession();
        if (exception instanceof SsoDenied denied) {
            session.setAttribute(NO_ACCESS, denied.noAccess());
            response.sendRedirect(request.getContextPath() + "/no-access");
            return;
        }
        session.removeAttribute(NO_ACCESS);
        var problem = problem(exception);
        log.warn("Single sign-on with {} failed: {}", provider, printable(describe(exception)));
        session.setAttribute(PROBLEM, problem);
        response.sendRedirect(request.getContextPath() + "/login?sso-failed");
    }

    private String problem(AuthenticationException exception) {
        var unavailable = unavailable(exception);
        if (unavailable != null) {
            return unavailable.getMessage() + TRY_AGAIN;
        }
        var code = exception instanceof OAuth2AuthenticationException oauth ? oauth.getError().getErrorCode() : "";
        return switch (code) {
            case "access_denied" -> provider + " did not sign you in (it answered “access denied”).";
            case "authorization_request_not_found", "invalid_grant" ->
                    "That sign-in had expired or was started in another window. Sign in again.";
            case "invalid_client", "unauthorized_client" -> provider + " refused Roomwarden's client id or secret. Tell whoever "
                    + "runs Roomwarden to check ROOMWARDEN_OIDC_CLIENT_ID and ROOMWARDEN_OIDC_CLIENT_SECRET.";
            case "invalid_token_response" -> "Roomwarden could not finish the sign-in: " + provider
                    + " did not answer its token request." + TRY_AGAIN;
            case "invalid_id_token", "invalid_nonce" -> "The identity token from " + provider
                    + " could not be verified, so Roomwarden did not sign you in." + TRY_AGAIN;
            case "invalid_user_info_response" -> "Roomwarden could not read your profile from " + provider + "." + TRY_AGAIN;
            // The code may come from the callback's query string: only a plain word is repeated on the page.
            default -> "Sign-in with " + provider + " did not complete"
                    + (code.matches("[a-z_]{1,40}") ? " (" + code + ")." : ".") + TRY_AGAIN;
        };
    }

    private static IdentityProviderUnavailable unavailable(Throwable exception) {
        for (var cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof IdentityProviderUnavailable unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    private static String describe(AuthenticationException exception) {
        var unavailable = unavailable(exception);
        if (unavailable != null) {
            return unavailable.getMessage() + (unavailable.getCause() == null ? "" : " (" + unavailable.getCause().getMessage() + ")");
        }
        if (exception instanceof OAuth2AuthenticationException oauth) {
            var error = oauth.getError();
            return error.getErrorCode() + (error.getDescription() == null ? "" : ": " + error.getDescription());
        }
        return exception.getClass().getSimpleName() + ": " + exception.getMessage();
    }

    /** What the provider or a callback URL says goes into one log line: no line breaks of its own. */
    private static String printable(String text) {
        var clean = text.replaceAll("\\p{Cntrl}", " ");
        return Text.abbreviate(clean, 500);
    }
}
