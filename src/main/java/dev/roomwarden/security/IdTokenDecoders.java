package dev.roomwarden.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * Verifies ID tokens as Spring Security's {@link OidcIdTokenDecoderFactory} does (RS256 with the provider's
 * key set, issuer, audience, expiry, nonce), but fetches the key set with Roomwarden's timeouts, and keeps one
 * decoder per key set so that its cache of keys outlives a single sign-in.
 */
class IdTokenDecoders implements JwtDecoderFactory<ClientRegistration> {

    private final RestOperations http;
    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

    IdTokenDecoders(RestOperations http) {
        this.http = http;
    }

    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        return decoders.computeIfAbsent(registration.getProviderDetails().getJwkSetUri(), jwkSetUri -> {
            var decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).jwsAlgorithm(SignatureAlgorithm.RS256).restOperations(http).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(new OidcIdTokenValidator(registration)));
            decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
            return decoder;
        });
    }
}
