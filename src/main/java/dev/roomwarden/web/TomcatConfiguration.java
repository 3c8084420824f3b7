package dev.roomwarden.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

    /** Keep %2F inside a path segment so a room named "eu/support" has the URL /rooms/eu%2Fsupport. */
    @Bean
    TomcatConnectorCustomizer encodedSlashInPathSegments() {
        return connector -> connector.setEncodedSolidusHandling("passthrough");
    }

    /** Before Spring Boot's customizer adds the RemoteIpValve, so that this valve runs first. */
    @Bean
    ForwardedForCheck forwardedForAddressesOnly() {
        return new ForwardedForCheck();
    }

    static class ForwardedForCheck implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addEngineValves(new ForwardedForAddresses());
        }

        @Override
        public int getOrder() {
            return -1;
        }
    }
}
