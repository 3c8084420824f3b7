package dev.roomwarden.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class StaticResourcesConfiguration {

    /**
     * Boot registers a ResourceUrlEncodingFilter whenever a WebJars locator is present. It looks up every
     * link a page writes (each room's) among the static files on the class path; on a table of 100 rooms
     * that was 40% of the request's time (see docs/benchmarks.md). Roomwarden's static files are served at
     * fixed paths, and WebJars by their version-less path through the locator, so the filter has nothing
     * to rewrite: it is kept out.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncoding() {
        var registration = new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
