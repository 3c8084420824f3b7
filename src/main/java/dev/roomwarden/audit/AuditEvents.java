package dev.roomwarden.audit;

import org.aopalliance.intercept.MethodInvocation;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureProviderNotFoundEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.stereotype.Component;

/** Logins, failed logins, logouts and refused actions, into the audit log (throttling: LoginThrottle). */
@Component
class AuditEvents {

    private final AuditLog auditLog;

    AuditEvents(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @EventListener
    void loggedIn(AuthenticationSuccessEvent event) {
        var authentication = event.getAuthentication();
        auditLog.recordFor(authentication.getName(), AuditLog.roleOf(authentication), AuditAction.LOGIN, AuditOutcome.DONE, null);
    }

    @EventListener
    void loginFailed(AbstractAuthenticationFailureEvent event) {
        // Not a person's attempt: after a refused single sign-on Spring Security also asks the password login's
        // manager, which cannot handle the token and says so; the refusal itself is recorded already.
        if (event instanceof AuthenticationFailureProviderNotFoundEvent) {
            return;
        }
        auditLog.recordFor(String.valueOf(event.getAuthentication().getName()), null, AuditAction.LOGIN_FAILED, AuditOutcome.DENIED,
                event.getException().getClass().getSimpleName());
    }

    @EventListener
    void loggedOut(LogoutSuccessEvent event) {
        var authentication = event.getAuthentication();
        auditLog.recordFor(authentication.getName(), AuditLog.roleOf(authentication), AuditAction.LOGOUT, AuditOutcome.DONE, null);
    }

    /** A refused call of an audited action (method security): recorded with its target and reason. */
    @EventListener
    void denied(AuthorizationDeniedEvent<?> event) {
        if (!(event.getObject() instanceof MethodInvocation invocation)) {
            return;
        }
        var method = invocation.getMethod();
        var audited = method.getAnnotation(Audited.class);
        if (audited == null) {
            return;
        }
        var arguments = invocation.getArguments();
        auditLog.record(audited.value(), AuditedParameters.target(method, arguments), AuditedParameters.reason(method, arguments),
                AuditOutcome.DENIED, "role not allowed");
    }
}
