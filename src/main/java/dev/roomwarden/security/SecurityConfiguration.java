package dev.roomwarden.security;

import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.session.autoconfigure.SessionTimeout;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.thymeleaf.ITemplateEngine;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'none'";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SessionRegistry sessionRegistry,
            ApplicationEventPublisher events, OidcProperties oidc, ObjectProvider<SsoLogin> ssoLogin, ITemplateEngine templates,
            ObjectProvider<SessionTimeout> staffSessionTimeout)
            throws Exception {
        var sso = ssoLogin.getIfAvailable();
        RequestMatcher htmx = request -> request.getHeader("HX-Request") != null;
        RequestMatcher eventStream = request -> String.valueOf(request.getHeader("Accept")).contains("text/event-stream");
        var requestCache = new HttpSessionRequestCache() {
            // An htmx request is never the page to return to, nor to be replaced by it.
            @Override
            public HttpServletRequest getMatchingRequest(HttpServletRequest request, HttpServletResponse response) {
                return htmx.matches(request) ? null : super.getMatchingRequest(request, response);
            }
        };
        // Only whole pages are worth returning to after login, never an htmx fragment.
        requestCache.setRequestMatcher(request -> HttpMethod.GET.matches(request.getMethod()) && !htmx.matches(request));
        // Return to the exact URL that was asked for, without Spring's "?continue" marker in the address bar.
        requestCache.setMatchingRequestParameterName(null);

        http
                .authorizeHttpRequests(auth -> auth
                        // An event stream ends in an async dispatch; its request was authorized when it opened.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/login", "/no-access", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
                                "/favicon.svg").permitAll()
                        // Health and its probes; details only for ADMIN (management.endpoint.health.roles).
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        // Authenticated by LiveKit's signature, checked in the controller.
                        .requestMatchers(HttpMethod.POST, "/livekit/webhook").permitAll()
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens()).ignoringRequestMatchers("/livekit/webhook"))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout")
                        // Runs before the session is invalidated: its event streams, on every instance, end too.
                        .addLogoutHandler((request, response, authentication) -> {
                            var session = request.getSession(false);
                            if (session != null) {
                                events.publishEvent(new SessionsEndedEvent(List.of(session.getId())));
                            }
                        }))
                .requestCache(cache -> cache.requestCache(requestCache))
                .sessionManagement(session -> session
                        .addSessionAuthenticationStrategy(new StaffSessionLifetime(staffSessionTimeout.getIfAvailable()))
                        .maximumSessions(-1)
                        .sessionRegistry(sessionRegistry)
                        .expiredSessionStrategy(new EndedSessionStrategy()))
                .exceptionHandling(ex -> ex
                        .defaultAuthenticationEntryPointFor(new HtmxAuthenticationEntryPoint(), htmx)
                        // An EventSource cannot follow a redirect to the login page; a 401 ends its retries.
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), eventStream)
                        .defaultAccessDeniedHandlerFor(new HtmxAccessDeniedHandler(templates), htmx))
                .headers(headers -> headers
                        .addHeaderWriter((request, response) -> response.setHeader("Content-Security-Policy",
                                contentSecurityPolicy(sso)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        // With password login off there is no form and nothing answers a POST to /login.
        if (oidc.localLogin()) {
            http.formLogin(form -> form.loginPage("/login").permitAll().failureHandler(loginFailureHandler()));
        }
        if (sso != null) {
            sso.configure(http);
        }
        return http.build();
    }

    /**
     * The CSRF token in a cookie of its own rather than in the session, so that the login page makes no session
     * for an anonymous visitor. Still a secret the page must echo: HttpOnly (the htmx dialect writes it into
     * {@code hx-headers}), SameSite=Lax, Secure over HTTPS, and masked anew in every page (BREACH).
     */
    private static CookieCsrfTokenRepository csrfTokens() {
        var tokens = new CookieCsrfTokenRepository();
        tokens.setCookieName("ROOMWARDEN_CSRF");
        tokens.setHeaderName("X-CSRF-TOKEN");
        tokens.setCookieCustomizer(cookie -> cookie.sameSite("Lax"));
        return tokens;
    }

    /** A throttled attempt is told how long to wait; every other failure gets the one answer for all. */
    private static AuthenticationFailureHandler loginFailureHandler() {
        var everyOther = new SimpleUrlAuthenticationFailureHandler("/login?error");
        // The page says it (?error); keeping the exception would make a session for an anonymous visitor.
        everyOther.setAllowSessionCreation(false);
        var redirect = new DefaultRedirectStrategy();
        return (request, response, exception) -> {
            if (exception instanceof ThrottledPasswordLogin.Throttled throttled) {
                redirect.sendRedirect(request, response, "/login?throttled=" + throttled.waitSeconds());
            } else {
                everyOther.onAuthenticationFailure(request, response, exception);
            }
        };
    }

    /** With single sign-on, logging out is redirected on to the provider, which form-action must allow. */
    private static String contentSecurityPolicy(SsoLogin sso) {
        return sso == null ? CONTENT_SECURITY_POLICY
                : CONTENT_SECURITY_POLICY.replace("form-action 'self'", "form-action 'self' " + String.join(" ", sso.formActionOrigins()));
    }

    /**
     * Open sessions per account, so that disabling or demoting someone can end theirs at once. They are
     * read from the session store in the database, which every instance shares; controller slices have
     * no database and keep a registry of their own.
     */
    @Bean
    SessionRegistry sessionRegistry(ObjectProvider<FindByIndexNameSessionRepository<? extends Session>> sessionStore) {
        var store = sessionStore.getIfAvailable();
        return store == null ? new SessionRegistryImpl() : registryOf(store);
    }

    private static <S extends Session> SessionRegistry registryOf(FindByIndexNameSessionRepository<S> store) {
        return new SpringSessionBackedSessionRegistry<>(store);
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name()).implies(Role.MODERATOR.name())
                .role(Role.MODERATOR.name()).implies(Role.VIEWER.name())
                .build();
    }

    /** Publishes refused authorizations, so that refused actions reach the audit log. */
    @Bean
    AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher publisher) {
        return new SpringAuthorizationEventPublisher(publisher);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Room names and identities may hold '/' and '%', which reach us percent-encoded in the path. */
    @Bean
    StrictHttpFirewall httpFirewall() {
        var firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowUrlEncodedPeriod(true);
        firewall.setAllowUrlEncodedDoubleSlash(true);
        return firewall;
    }
}
