package dev.roomwarden.web;

import java.io.IOException;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;

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

    @Bean
    TomcatContextCustomizer unreadBodiesEndTheConnection() {
        return context -> context.getPipeline().addValve(new UnreadBodiesEndTheConnection());
    }

    /**
     * A request answered without reading its whole body (refused: too slow, too large, an unsigned webhook) ends
     * its connection after the answer. Tomcat would otherwise read what is left of the body, up to
     * {@code server.tomcat.max-swallow-size} and at the sender's pace, on the request's thread, to keep the
     * connection open for another request.
     */
    static final class UnreadBodiesEndTheConnection extends ValveBase {

        UnreadBodiesEndTheConnection() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            var coyote = request.getCoyoteRequest();
            var hasBody = coyote.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
            if (hasBody && !request.isAsync() && !coyote.isFinished()) {
                if (!response.isCommitted()) {
                    response.setHeader(HttpHeaders.CONNECTION, "close");
                }
                response.flushBuffer();
                coyote.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
                // Tomcat counts the ending connection as an error; the answer sent is its report, not an error page.
                response.setErrorReported();
            }
        }
    }
}
