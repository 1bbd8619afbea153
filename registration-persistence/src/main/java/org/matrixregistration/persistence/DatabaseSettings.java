package org.matrixregistration.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the token store and how patiently.
 *
 * @param url               where the database is (the {@code db} setting)
 * @param maximumPoolSize   connections kept open at most; SQLite serialises writers anyway, so a
 *                          few suffice there
 * @param connectionTimeout how long a caller waits for a connection (from the pool, or to a
 *                          PostgreSQL server) before the call fails; also bounds the health check
 * @param busyTimeout       how long a SQLite writer waits for another writer (another thread or
 *                          another portal process) before the call fails; unused for PostgreSQL,
 *                          whose row locks wait without limit
 */
public record DatabaseSettings(DatabaseUrl url, int maximumPoolSize, Duration connectionTimeout, Duration busyTimeout) {
    /** The Python tool's default {@code db}: a file in the working directory. */
    public static final String DEFAULT_DB = "sqlite:///{cwd}/db.sqlite3";
    public static final int SQLITE_POOL_SIZE = 4;
    public static final int POSTGRESQL_POOL_SIZE = 10;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (maximumPoolSize < 1 || maximumPoolSize > 200) {
            throw new IllegalArgumentException("the database pool size must be between 1 and 200; got " + maximumPoolSize);
        }
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0 || connectionTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "the database connection timeout must be between 250 ms and 10 minutes; got " + connectionTimeout);
        }
        if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("the SQLite busy timeout must be between 0 and 10 minutes; got " + busyTimeout);
        }
    }

    /** The defaults for {@code url}: a pool of 4 for SQLite or 10 for PostgreSQL, 5 s timeouts. */
    public static DatabaseSettings defaults(DatabaseUrl url) {
        int poolSize = url.kind() == DatabaseUrl.Kind.SQLITE ? SQLITE_POOL_SIZE : POSTGRESQL_POOL_SIZE;
        return new DatabaseSettings(url, poolSize, DEFAULT_CONNECTION_TIMEOUT, DEFAULT_BUSY_TIMEOUT);
    }

    /** The defaults for an SQLite database in {@code file}, created with its schema on first open. */
    public static DatabaseSettings sqlite(Path file) {
        return defaults(DatabaseUrl.sqlite(file));
    }

    /** The defaults for the {@code db} setting as written in the config; see {@link DatabaseUrl#parse}. */
    public static DatabaseSettings forDbSetting(String db, Path workingDirectory) {
        return defaults(DatabaseUrl.parse(db, workingDirectory));
    }

    public DatabaseSettings withMaximumPoolSize(int size) {
        return new DatabaseSettings(url, size, connectionTimeout, busyTimeout);
    }

    public DatabaseSettings withConnectionTimeout(Duration timeout) {
        return new DatabaseSettings(url, maximumPoolSize, timeout, busyTimeout);
    }
}
