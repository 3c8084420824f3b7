package dev.roomwarden.security;

import java.sql.DatabaseMetaData;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Staff sessions live in the database (Spring Session JDBC; Flyway's V4 creates the tables), so a restart,
 * or another instance behind the same load balancer, keeps staff logged in.
 */
@Configuration(proxyBeanMethods = false)
class SessionStoreConfiguration {

    /**
     * A session made before anyone logs in (a page to return to, a sign-in under way, an SSO refusal to show)
     * lives only {@code roomwarden.sessions.before-login}; login makes it a staff session ({@link StaffSessionLifetime}).
     * Runs after Spring Boot's customizer, which sets the staff timeout as the default.
     */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> shortSessionsBeforeLogin(SessionsProperties sessions) {
        return repository -> repository.setDefaultMaxInactiveInterval(sessions.beforeLogin());
    }

    /**
     * Two requests of one session (a page and its event stream, say) may add the same attribute at once;
     * written as an upsert, the second one replaces the first instead of failing on the primary key.
     */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributeUpsert(DataSource dataSource)
            throws MetaDataAccessException {
        var database = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        if ("PostgreSQL".equals(database)) {
            return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
        }
        return repository -> repository.setCreateSessionAttributeQuery("""
                MERGE INTO %TABLE_NAME%_ATTRIBUTES (SESSION_PRIMARY_ID, ATTRIBUTE_NAME, ATTRIBUTE_BYTES)
                KEY (SESSION_PRIMARY_ID, ATTRIBUTE_NAME) VALUES (?, ?, ?)""");
    }
}
