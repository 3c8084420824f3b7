package dev.roomwarden;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Says plainly that Roomwarden could not reach or log in to its database, instead of leaving it to be
 * found at the bottom of a long stack trace. The address is shown without parameters or user info, which
 * may hold a password; the password itself never.
 */
class DatabaseConnectionFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseConnectionFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        var state = cause.getSQLState() == null ? "" : cause.getSQLState();
        // 08: connection failed; 28: authentication failed; 3D000: no such database.
        if (!state.startsWith("08") && !state.startsWith("28") && !state.equals("3D000")) {
            return null;
        }
        var url = environment.getProperty("spring.datasource.url", "");
        var address = url.replaceAll("[?;].*$", "").replaceAll("//[^/@]*@", "//");
        var username = environment.getProperty("spring.datasource.username", "");
        return new FailureAnalysis(
                "Roomwarden could not connect to its database at " + address
                        + (username.isEmpty() ? "" : " as user '" + username + "'") + ": " + cause.getMessage(),
                "Check SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD, and that the "
                        + "database server is running and reachable from here. Staff accounts, the audit log and "
                        + "sessions are kept there, so Roomwarden does not start without it.",
                cause);
    }
}
