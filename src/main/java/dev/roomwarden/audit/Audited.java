package dev.roomwarden.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a role-checked action so that a refused call is audited too. The target is read from the
 * leading arguments: (room), (room, identity), (account) or a list of rooms; {@link #reasonArgument} names the reason's.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    AuditAction value();

    Kind target();

    int reasonArgument() default -1;

    enum Kind { ROOM, PARTICIPANT, ACCOUNT, ROOMS }
}
