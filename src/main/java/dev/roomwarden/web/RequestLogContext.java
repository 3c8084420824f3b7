package dev.roomwarden.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every log line written while a request is handled carries its request id ({@code request_id}) and the
 * member of staff asking ({@code user}): fields of their own in JSON logs, a bracket in text logs. The id
 * is the proxy's {@code X-Request-Id} when it looks like one, so a line can be found from the proxy's log;
 * otherwise a new one. It is sent back in the same header.
 */
@Configuration(proxyBeanMethods = false)
class RequestLogContext {

    static final String HEADER = "X-Request-Id";
    static final String REQUEST_ID = "request_id";
    static final String USER = "user";
    /** What an id from outside may be: short, and nothing that could forge or break a log line. */
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** First of all filters, so that Spring Security's own lines have the id too. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> requestIdInLogs() {
        var registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Right after Spring Security, which knows who is asking. */
    @Bean
    FilterRegistrationBean<StaffFilter> staffInLogs() {
        var registration = new FilterRegistrationBean<>(new StaffFilter());
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    static final class RequestIdFilter extends OncePerRequestFilter {

        private static final String ATTRIBUTE = RequestIdFilter.class.getName();

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // An error page is rendered in a dispatch of its own, after the request's: it keeps the request's id.
            var id = request.getAttribute(ATTRIBUTE) instanceof String kept ? kept : idOf(request.getHeader(HEADER));
            request.setAttribute(ATTRIBUTE, id);
            response.setHeader(HEADER, id);
            MDC.put(REQUEST_ID, id);
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(REQUEST_ID);
            }
        }

        @Override
        protected boolean shouldNotFilterErrorDispatch() {
            return false;
        }

        static String idOf(String given) {
            return given != null && SANE_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
        }
    }

    static final class StaffFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.isAuthenticated()
                    && !(authentication instanceof AnonymousAuthenticationToken)) {
                // A name from an identity provider could hold anything; a text log line must stay one line.
                MDC.put(USER, authentication.getName().replaceAll("\\p{Cntrl}", "?"));
            }
            try {
                chain.doFilter(request, response);
            } finally {
                MDC.remove(USER);
            }
        }
    }
}
