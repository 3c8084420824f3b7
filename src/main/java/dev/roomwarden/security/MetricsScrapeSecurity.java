package dev.roomwarden.security;

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Prometheus scrapes {@code /actuator/prometheus} with {@code Authorization: Bearer <roomwarden.metrics.token>}:
 * a scraper has no staff session to log in with. Only requests that carry a bearer token, while a token is
 * configured, come here; a wrong one is a plain 401 that creates no session. Everything else about the
 * endpoint (an ADMIN's session) is {@link SecurityConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
class MetricsScrapeSecurity {

    private static final String BEARER = "Bearer ";

    @Bean
    @Order(1)
    SecurityFilterChain metricsScrapeFilterChain(HttpSecurity http, MetricsProperties metrics) throws Exception {
        if (metrics.tokenSet() && metrics.token().strip().length() < MetricsProperties.MIN_TOKEN_LENGTH) {
            throw new IllegalStateException("ROOMWARDEN_METRICS_TOKEN (roomwarden.metrics.token) is shorter than "
                    + MetricsProperties.MIN_TOKEN_LENGTH + " characters; generate one, e.g. with: openssl rand -hex 32");
        }
        RequestMatcher bearer = request -> String.valueOf(request.getHeader("Authorization")).startsWith(BEARER);
        http
                .securityMatcher(new AndRequestMatcher(request -> metrics.tokenSet(), bearer, EndpointRequest.to("prometheus")))
                .authorizeHttpRequests(auth -> auth.anyRequest().access((authentication, context) ->
                        new AuthorizationDecision(metrics.matches(context.getRequest().getHeader("Authorization").substring(BEARER.length())))))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // A GET with no cookie to ride on: nothing for CSRF to protect.
                .csrf(csrf -> csrf.disable())
                .exceptionHandling(ex -> ex.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
        return http.build();
    }
}
