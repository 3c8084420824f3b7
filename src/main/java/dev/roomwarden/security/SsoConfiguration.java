package dev.roomwarden.security;

import dev.roomwarden.audit.AuditLog;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/** Single sign-on, only when ROOMWARDEN_OIDC_ISSUER_URI is set; without it Roomwarden has password login alone. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${roomwarden.oidc.issuer-uri:}'.isBlank()")
class SsoConfiguration {

    /** Every call to the provider (discovery, token, userinfo, keys) is bounded, so a hung provider cannot hang a login. */
    private static SimpleClientHttpRequestFactory requests(OidcProperties properties) {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.timeout());
        requests.setReadTimeout(properties.timeout());
        return requests;
    }

    /** Found by the OAuth2 login configurer as a bean; used for the ID token of each sign-in. */
    @Bean
    JwtDecoderFactory<ClientRegistration> idTokenDecoders(OidcProperties properties) {
        return new IdTokenDecoders(new RestTemplate(requests(properties)));
    }

    @Bean
    SsoLogin ssoLogin(OidcProperties properties, SsoAccounts accounts, AuditLog auditLog) {
        var requests = requests(properties);

        var tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(RestClient.builder()
                .requestFactory(requests)
                .configureMessageConverters(converters -> {
                    converters.addCustomConverter(new FormHttpMessageConverter());
                    converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());

        var userInfoRequests = new RestTemplate(requests);
        userInfoRequests.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        var userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(userInfoRequests);
        var provider = new OidcUserService();
        provider.setOauth2UserService(userInfo);

        var registrations = new DiscoveredClientRegistrations(properties, RestClient.builder().requestFactory(requests).build());
        return new SsoLogin(properties, registrations, tokens,
                new StaffOidcUserService(provider, properties, accounts, auditLog));
    }

    @Bean
    ApplicationRunner identityProviderCheck(SsoLogin ssoLogin) {
        return arguments -> ssoLogin.checkProvider();
    }
}
