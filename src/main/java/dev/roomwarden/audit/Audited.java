package dev.roomwarden.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a role-checked action so that a refused call is audited too, with the target and reason read from
 * the parameters named here (empty: none). {@link AuditedParameters} checks the names at start-up.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    AuditAction value();

    /** The room's name, or a list of room names for a batch. */
    String room() default "";

    /** The participant's identity, in {@link #room}. */
    String participant() default "";

    /** The staff account's username. */
    String account() default "";

    String reason() default "";
}
