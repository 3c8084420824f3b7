package dev.roomwarden.audit;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads an {@link Audited} action's target and reason from its arguments by parameter name (Boot compiles
 * with {@code -parameters}). Each bean's audited methods are checked as the bean is created, so a name that
 * matches no parameter, or one of the wrong type, stops the application from starting.
 */
@Component
class AuditedParameters implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        var type = ClassUtils.getUserClass(bean);
        if (AnnotationUtils.isCandidateClass(type, Audited.class)) {
            ReflectionUtils.doWithMethods(type, AuditedParameters::check, method -> method.isAnnotationPresent(Audited.class));
        }
        return bean;
    }

    /** Throws when the method's {@link Audited} names a parameter it does not have, or one of the wrong type. */
    static void check(Method method) {
        var audited = method.getAnnotation(Audited.class);
        require(method, audited.room(), String.class, List.class);
        require(method, audited.participant(), String.class);
        require(method, audited.account(), String.class);
        require(method, audited.reason(), String.class);
    }

    private static void require(Method method, String name, Class<?>... types) {
        if (name.isEmpty()) {
            return;
        }
        var parameter = Arrays.stream(method.getParameters()).filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("@Audited on " + method + " names the parameter '" + name
                        + "', which it does not have" + (namesCompiled(method) ? "" : " (compile with -parameters)")));
        if (Arrays.stream(types).noneMatch(type -> type == parameter.getType())) {
            throw new IllegalStateException("@Audited on " + method + " names the parameter '" + name + "', a "
                    + parameter.getType().getSimpleName() + ", not a "
                    + Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(" or ")));
        }
    }

    private static boolean namesCompiled(Method method) {
        return Arrays.stream(method.getParameters()).allMatch(Parameter::isNamePresent);
    }

    /** What a refused call would have been done to; the rooms of a batch as one "a, b, c". */
    static AuditTarget target(Method method, Object[] arguments) {
        var audited = method.getAnnotation(Audited.class);
        var room = argument(method, arguments, audited.room());
        return new AuditTarget(room instanceof List<?> rooms ? rooms.stream().map(String::valueOf).collect(Collectors.joining(", "))
                : (String) room, null, (String) argument(method, arguments, audited.participant()), null,
                (String) argument(method, arguments, audited.account()));
    }

    static String reason(Method method, Object[] arguments) {
        return (String) argument(method, arguments, method.getAnnotation(Audited.class).reason());
    }

    private static Object argument(Method method, Object[] arguments, String name) {
        var parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].getName().equals(name)) {
                return arguments[i];
            }
        }
        return null;
    }
}
