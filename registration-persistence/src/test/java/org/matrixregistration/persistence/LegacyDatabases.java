package org.matrixregistration.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Databases as the Python matrix-registration (0.9.x, SQLAlchemy) left them, for import tests. */
final class LegacyDatabases {
    /** Its tables exactly as SQLAlchemy created them on SQLite. */
    static final String[] SQLITE_SCHEMA = {
        "CREATE TABLE ips (id INTEGER NOT NULL, address VARCHAR(255), PRIMARY KEY (id))",
        "CREATE TABLE tokens (name VARCHAR(255) NOT NULL, expiration_date DATETIME, max_usage INTEGER,"
                + " used INTEGER, disabled BOOLEAN, PRIMARY KEY (name))",
        "CREATE TABLE association (ips INTEGER NOT NULL, tokens VARCHAR(255) NOT NULL, PRIMARY KEY (ips, tokens),"
                + " FOREIGN KEY(ips) REFERENCES ips (id), FOREIGN KEY(tokens) REFERENCES tokens (name))",
    };

    private LegacyDatabases() {}

    /** A copy of the database the real tool wrote (see src/test/resources/legacy). */
    static Path copyOfFixture(Path directory) {
        try (InputStream in = LegacyDatabases.class.getResourceAsStream("/legacy/legacy-matrix-registration.sqlite3")) {
            Path copy = directory.resolve("legacy-copy.sqlite3");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a SQLite file with the old tool's tables, then runs {@code statements} in it. */
    static Path sqlite(Path file, String... statements) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : SQLITE_SCHEMA) {
                statement.execute(sql);
            }
            for (String sql : statements) {
                statement.execute(sql);
            }
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
