package dev.roomwarden.security;

import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The one client registration, built from the provider's discovery document when it is first needed and
 * kept once that worked. Roomwarden starts while the provider is down (password login and running sessions
 * do not need it); signing in with it then says the provider cannot be reached, and tries again next time.
 */
class DiscoveredClientRegistrations implements ClientRegistrationRepository {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
    };

    private final OidcProperties properties;
    private final RestClient http;
    private volatile ClientRegistration registration;

    DiscoveredClientRegistrations(OidcProperties properties, RestClient http) {
        this.properties = properties;
        this.http = http;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!OidcProperties.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        var known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = discover();
                }
                known = registration;
            }
        }
        return known;
    }

    /** The registration if discovery has worked already, without asking the provider; else null. */
    ClientRegistration discovered() {
        return registration;
    }

    private ClientRegistration discover() {
        var issuer = properties.issuer();
        var location = (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration";
        Map<String, Object> configuration;
        try {
            configuration = http.get().uri(location).retrieve().body(JSON_OBJECT);
        } catch (RestClientException e) {
            throw new IdentityProviderUnavailable("Roomwarden cannot reach " + properties.providerName() + " at "
                    + properties.issuerHost() + " right now.", e);
        }
        if (configuration == null || !issuer.equals(configuration.get("issuer"))) {
            // OpenID Connect Discovery 1.0, section 4.3: the issuer must be exactly the one asked for.
            throw new IdentityProviderUnavailable("The identity provider at " + location + " names itself '"
                    + (configuration == null ? null : configuration.get("issuer")) + "', not '" + issuer
                    + "': ROOMWARDEN_OIDC_ISSUER_URI must be its issuer exactly.", null);
        }
        try {
            var builder = ClientRegistrations.fromOidcConfiguration(configuration)
                    .registrationId(OidcProperties.REGISTRATION_ID)
                    .clientName(properties.providerName())
                    .clientId(properties.clientId().strip())
                    .scope("openid", "profile", "email")
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
            if (properties.clientSecret() == null || properties.clientSecret().isBlank()) {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                builder.clientSecret(properties.clientSecret());
            }
            return builder.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IdentityProviderUnavailable("The discovery document of " + properties.providerName()
                    + " is not usable for OpenID Connect sign-in: " + e.getMessage(), e);
        }
    }
}
