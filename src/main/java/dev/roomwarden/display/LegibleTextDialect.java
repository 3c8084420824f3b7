package dev.roomwarden.display;

import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IModel;
import org.thymeleaf.model.IModelFactory;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.templatemode.TemplateMode;
import org.unbescape.html.HtmlEscape;

/**
 * {@code rw:name="${...}"}, {@code rw:message="${...}"} and {@code rw:plain="${...}"}: like {@code th:text}, with {@link LegibleText}'s
 * markers. A name's element gets {@code dir="auto"}, which isolates it (HTML's default style for [dir]); in a
 * message, each quoted name is a {@code <bdi>}; both only where isolating changes something.
 */
@Component
class LegibleTextDialect extends AbstractProcessorDialect {

    LegibleTextDialect() {
        super("Roomwarden legible text", "rw", StandardDialect.PROCESSOR_PRECEDENCE);
    }

    @Override
    public Set<IProcessor> getProcessors(String prefix) {
        return Set.of(new Processor(prefix, "name", Kind.NAME), new Processor(prefix, "message", Kind.MESSAGE),
                new Processor(prefix, "plain", Kind.PLAIN));
    }

    /** A name; a message with quoted names; text where no markup can go (a page title), markers as plain text. */
    private enum Kind { NAME, MESSAGE, PLAIN
    }

    private static final class Processor extends AbstractAttributeTagProcessor {

        private final Kind kind;

        Processor(String prefix, String attribute, Kind kind) {
            super(TemplateMode.HTML, prefix, null, false, attribute, true, StandardDialect.PROCESSOR_PRECEDENCE, true);
            this.kind = kind;
        }

        @Override
        protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
                String attributeValue, IElementTagStructureHandler structure) {
            var value = StandardExpressions.getExpressionParser(context.getConfiguration()).parseExpression(context, attributeValue)
                    .execute(context);
            var text = value == null ? null : value.toString();
            var factory = context.getModelFactory();
            var model = factory.createModel();
            if (kind == Kind.PLAIN) {
                var plain = new StringBuilder();
                LegibleText.parts(text).forEach(part -> plain.append(part.text()));
                structure.setBody(HtmlEscape.escapeHtml4Xml(plain.toString()), false);
                return;
            }
            if (kind == Kind.MESSAGE) {
                for (var segment : LegibleText.message(text)) {
                    if (segment.name()) {
                        model.add(factory.createOpenElementTag("bdi", "class", "rw-name"));
                        add(model, factory, segment.parts());
                        model.add(factory.createCloseElementTag("bdi"));
                    } else {
                        add(model, factory, segment.parts());
                    }
                }
            } else {
                if (LegibleText.needsIsolation(text)) {
                    structure.setAttribute("dir", "auto");
                }
                add(model, factory, LegibleText.parts(text));
            }
            structure.setBody(model, false);
        }

        private static void add(IModel model, IModelFactory factory, List<LegibleText.Part> parts) {
            for (var part : parts) {
                if (part.marked()) {
                    var open = factory.createOpenElementTag("span", "class", "rw-char");
                    model.add(factory.setAttribute(open, "title", part.title()));
                    model.add(factory.createText(HtmlEscape.escapeHtml4Xml(part.text())));
                    model.add(factory.createCloseElementTag("span"));
                } else {
                    model.add(factory.createText(HtmlEscape.escapeHtml4Xml(part.text())));
                }
            }
        }
    }
}
