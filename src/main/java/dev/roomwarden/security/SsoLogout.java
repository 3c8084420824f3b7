package dev.roomwarden.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * Logging out after a sign-in with the provider also ends the session there, when the provider offers
 * RP-initiated logout ({@code end_session_endpoint}), and comes back to {@code /login?logout}. From the
 * no-access page it logs out at the provider too, so that one can sign in as someone else. A provider that
 * cannot be reached does not stop the logout from Roomwarden.
 */
class SsoLogout implements LogoutHandler, LogoutSuccessHandler {

    static final String POST_LOGOUT_REDIRECT_URI = "{baseUrl}/login?logout";
    private static final String DENIED = SsoLogout.class.getName() + ".DENIED";
    private static final Logger log = LoggerFactory.getLogger(SsoLogout.class);

    private final OidcClientInitiatedLogoutSuccessHandler provider;

    SsoLogout(ClientRegistrationRepository registrations) {
        this.provider = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        provider.setPostLogoutRedirectUri(POST_LOGOUT_REDIRECT_URI);
        provider.setDefaultTargetUrl("/login?logout");
    }

    /** Runs before the session is invalidated: keeps what the no-access page knew, for the provider's logout. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        var session = request.getSession(false);
        if (session != null && session.getAttribute(SsoFailureHandler.NO_ACCESS) instanceof NoAccess noAccess) {
            request.setAttribute(DENIED, noAccess);
        }
    }

    @Override
    public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, ServletException {
        var signedIn = authentication;
        if (signedIn == null && request.getAttribute(DENIED) instanceof NoAccess noAccess) {
            signedIn = new OAuth2AuthenticationToken(new DefaultOidcUser(List.of(), noAccess.idToken()), List.of(),
                    OidcProperties.REGISTRATION_ID);
        }
        try {
            provider.onLogoutSuccess(request, response, signedIn);
        } catch (IdentityProviderUnavailable e) {
            log.warn("Logged out of Roomwarden only: {}", e.getMessage());
            response.sendRedirect(request.getContextPath() + "/login?logout");
        }
    }
}
