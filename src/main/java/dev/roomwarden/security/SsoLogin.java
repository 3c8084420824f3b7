package dev.roomwarden.security;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;

/**
 * Sign-in with the OpenID Connect provider, added to the filter chain when ROOMWARDEN_OIDC_ISSUER_URI is
 * set: the authorization code flow with PKCE from {@code /oauth2/authorization/oidc} to
 * {@code /login/oauth2/code/oidc}, the provider's logout, and clear answers when something goes wrong.
 */
class SsoLogin {

    private static final Logger log = LoggerFactory.getLogger(SsoLogin.class);

    private final OidcProperties properties;
    private final DiscoveredClientRegistrations registrations;
    private final OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokens;
    private final StaffOidcUserService users;
    private final SsoFailureHandler failures;
    private final SsoLogout logout;

    SsoLogin(OidcProperties properties, DiscoveredClientRegistrations registrations,
            OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokens, StaffOidcUserService users) {
        this.properties = properties;
        this.registrations = registrations;
        this.tokens = tokens;
        this.users = users;
        this.failures = new SsoFailureHandler(properties.providerName());
        this.logout = new SsoLogout(registrations);
    }

    void configure(HttpSecurity http) {
        http
                .oauth2Login(login -> login
                        .loginPage("/login")
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(new NoAuthorizedClients())
                        .tokenEndpoint(token -> token.accessTokenResponseClient(tokens))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(users))
                        .failureHandler(failures)
                        // The provider unreachable when the button is clicked: the login page says so, not a bare 500.
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(failures);
                                return filter;
                            }
                        }))
                .logout(out -> out.addLogoutHandler(logout).logoutSuccessHandler(logout));
    }

    /**
     * Where a logout form may end up: the provider's end-session endpoint. Browsers apply CSP's form-action to
     * the redirects after a form is sent, so the pages' policy must name the provider's origin.
     */
    Set<String> formActionOrigins() {
        var origins = new LinkedHashSet<String>();
        origins.add(origin(URI.create(properties.issuer())));
        var known = registrations.discovered();
        if (known != null && known.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint") instanceof String endSession) {
            origins.add(origin(URI.create(endSession)));
        }
        return origins;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** Reads the provider's discovery document once at start, to say in the log at once whether sign-in will work. */
    void checkProvider() {
        try {
            registrations.findByRegistrationId(OidcProperties.REGISTRATION_ID);
            log.info("Single sign-on with {} ({}) is ready; the redirect URI to register there is {}.",
                    properties.providerName(), properties.issuer(), "{baseUrl}/login/oauth2/code/" + OidcProperties.REGISTRATION_ID);
        } catch (IdentityProviderUnavailable e) {
            log.warn("Single sign-on with {}: {} Signing in with it fails until it can be reached; Roomwarden tries again "
                    + "at each sign-in{}.", properties.providerName(), e.getMessage(),
                    properties.localLogin() ? ", and password login works meanwhile" : "");
        }
    }

    /** Roomwarden calls no API of the provider on anyone's behalf, so access and refresh tokens are not kept. */
    private static final class NoAuthorizedClients implements OAuth2AuthorizedClientRepository {

        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                HttpServletResponse response) {
        }
    }
}
