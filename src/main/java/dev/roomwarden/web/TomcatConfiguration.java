package dev.roomwarden.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /** Keep %2F inside a path segment so a room named "eu/support" has the URL /rooms/eu%2Fsupport. */
    @Bean
    TomcatConnectorCustomizer encodedSlashInPathSegments() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }
}
