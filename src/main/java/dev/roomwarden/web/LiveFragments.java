package dev.roomwarden.web;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import dev.roomwarden.security.Permissions;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.ui.Model;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.context.IWebContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Renders a page's fragment outside any request, for one member of staff: what the Server-Sent Events
 * carry. The model is the one the page's own controller builds, plus the layout's, so a pushed
 * fragment is the same HTML the page would fetch itself.
 */
@Component
public class LiveFragments {

    private final ITemplateEngine templates;
    private final LayoutModel layout;

    LiveFragments(ITemplateEngine templates, LayoutModel layout) {
        this.templates = templates;
        this.layout = layout;
    }

    /** The fragment {@code fragment} of {@code template} ("rooms/list", "table"), as {@code viewer} would see it. */
    public String render(String template, String fragment, Authentication viewer, Consumer<Model> model) {
        var attributes = new ExtendedModelMap();
        layout.addTo(attributes, viewer);
        model.accept(attributes);
        return templates.process(template, Set.of(fragment), new Context(Locale.ENGLISH, attributes));
    }

    /** What the viewer may do, which decides the buttons of a fragment. */
    public Permissions permissions(Authentication viewer) {
        return layout.permissions(viewer);
    }

    /** Links ({@code @{/rooms}}) in fragments rendered outside a request start with the servlet's context path. */
    @Configuration(proxyBeanMethods = false)
    static class LinksOutsideRequests {

        @Bean
        static BeanPostProcessor liveLinkBuilder(Environment environment) {
            var contextPath = environment.getProperty("server.servlet.context-path", "");
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof SpringTemplateEngine engine) {
                        engine.setLinkBuilder(new StandardLinkBuilder() {
                            @Override
                            protected String computeContextPath(IExpressionContext context, String base,
                                    java.util.Map<String, Object> parameters) {
                                return context instanceof IWebContext ? super.computeContextPath(context, base, parameters)
                                        : contextPath;
                            }
                        });
                    }
                    return bean;
                }
            };
        }
    }
}
