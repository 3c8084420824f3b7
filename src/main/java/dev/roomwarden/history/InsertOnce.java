package dev.roomwarden.history;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An insert that a row with the same key already there turns into nothing, on H2 and PostgreSQL alike: H2 refuses
 * it (a failed statement leaves its transaction usable); PostgreSQL is told to skip it, which keeps a "duplicate
 * key" error out of its log on every retry of a webhook.
 */
@Component
public class InsertOnce {

    /** Column limits of V7 and V8. */
    static final int MAX_ID = 64;
    static final int MAX_NAME = 256;

    private final JdbcClient jdbc;
    private final String onDuplicate;

    InsertOnce(JdbcClient jdbc, @Value("${spring.datasource.url:}") String databaseUrl) {
        this.jdbc = jdbc;
        this.onDuplicate = databaseUrl.startsWith("jdbc:postgresql:") ? " ON CONFLICT DO NOTHING" : "";
    }

    /** Whether the row was inserted (false: one with its key was there already). */
    public boolean insert(String insert, Object... params) {
        try {
            return jdbc.sql(insert + onDuplicate).params(params).update() > 0;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
