package dev.roomwarden.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * One log line per action: who, what, why, and what LiveKit answered. The database audit log
 * (issue 5) will take over this role.
 */
@Component
public class ActionLog {

    private static final Logger log = LoggerFactory.getLogger("dev.roomwarden.actions");

    public void record(String action, String target, String reason, String outcome) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        var who = authentication == null ? "anonymous" : authentication.getName();
        log.info("action={} by={} target=\"{}\" outcome={} reason=\"{}\"", action, safe(who), safe(target), outcome,
                safe(reason));
    }

    /** Names and reasons come from LiveKit and staff: keep them on one line and quoted. */
    private static String safe(String value) {
        return value == null ? "" : value.replaceAll("[\\p{Cntrl}]", " ").replace("\"", "'");
    }
}
