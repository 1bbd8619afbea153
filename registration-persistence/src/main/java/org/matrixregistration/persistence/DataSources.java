package org.matrixregistration.persistence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Unpooled connections to the database a {@link DatabaseUrl} names, configured for one purpose,
 * and the first connection attempt that turns every start-up failure into one clear line.
 */
final class DataSources {
    private static final Logger LOG = LoggerFactory.getLogger(DataSources.class);
    private static final String APPLICATION_NAME = "matrix-registration";
    private static final long RETRY_PAUSE_MILLIS = 50;
    /**
     * PostgreSQL limits, so that a stuck server or a half-open connection cannot hold a portal
     * thread for long: a statement runs at most 15 s and waits for a row lock at most 10 s; a
     * transaction left idle is ended after a minute; a read from a silent socket gives up after
     * 30 s (longer than any statement may run), and keep-alives find dead peers.
     */
    static final String POSTGRES_OPTIONS =
            "-c statement_timeout=15000 -c lock_timeout=10000 -c idle_in_transaction_session_timeout=60000";
    static final int POSTGRES_SOCKET_TIMEOUT_SECONDS = 30;

    /** What the connections are for. */
    enum Purpose {
        /**
         * The token store and its migrations: on SQLite a write-ahead log (readers never wait for
         * the writer), a busy timeout, foreign keys on every connection, and
         * {@code BEGIN IMMEDIATE} transactions, so that a transaction holds the single write lock
         * from its start: two processes can never both read a token's count before either writes,
         * nor both find an empty schema history and both migrate.
         */
        STORE,
        /** Reading another database (the Python tool's): read-only, never created, never changed. */
        READ_ONLY
    }

    private DataSources() {}

    static DataSource create(DatabaseSettings settings, Purpose purpose) {
        DatabaseUrl url = settings.url();
        return url.kind() == DatabaseUrl.Kind.SQLITE ? sqlite(settings, purpose) : postgres(settings, purpose);
    }

    /**
     * Opens and closes one connection, so that a wrong path, an unreachable server or a bad
     * password is reported once, at start-up, as a {@link DatabaseUnavailableException} whose
     * one-line message names the file or host and {@code origin}, where the URL came from
     * ({@code setting 'db'}).
     */
    static void checkReachable(DatabaseSettings settings, DataSource dataSource, String origin, Purpose purpose) {
        DatabaseUrl url = settings.url();
        String problem = url.sqliteFile().flatMap(file -> sqliteFileProblem(file, purpose)).orElse(null);
        if (problem != null) {
            throw new DatabaseUnavailableException(cannotOpen(url, origin) + problem);
        }
        long giveUp = System.nanoTime() + settings.busyTimeout().toNanos();
        while (true) {
            try (Connection connection = dataSource.getConnection()) {
                connection.isValid(1);
                return;
            } catch (SQLException | RuntimeException e) {
                if (!(isSqliteBusy(e) && System.nanoTime() < giveUp && pause())) {
                    throw new DatabaseUnavailableException(cannotOpen(url, origin) + Failures.reason(e, url.password()), e);
                }
            }
        }
    }

    /**
     * Whether SQLite was busy. Switching a new file to the write-ahead log needs the file to
     * itself and does not wait for the busy timeout, so processes that start together on a new
     * file try again.
     */
    private static boolean isSqliteBusy(Exception e) {
        return e instanceof SQLiteException sqlite && sqlite.getResultCode() != null
                && (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
    }

    private static boolean pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String cannotOpen(DatabaseUrl url, String origin) {
        return url.kind() == DatabaseUrl.Kind.SQLITE
                ? "Cannot open the SQLite database " + url.location() + " (" + origin + "): "
                : "Cannot connect to the PostgreSQL database " + url.location() + " (" + origin + "): ";
    }

    private static Optional<String> sqliteFileProblem(Path file, Purpose purpose) {
        Path directory = file.getParent();
        if (Files.isDirectory(file)) {
            return Optional.of("it is a directory, not a file");
        }
        if (purpose == Purpose.READ_ONLY && !Files.isRegularFile(file)) {
            return Optional.of("there is no such file");
        }
        if (directory != null && !Files.isDirectory(directory)) {
            return Optional.of(Files.exists(directory)
                    ? "its parent " + directory + " is not a directory"
                    : "the directory " + directory + " does not exist");
        }
        return Optional.empty();
    }

    private static DataSource sqlite(DatabaseSettings settings, Purpose purpose) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(Math.toIntExact(settings.busyTimeout().toMillis()));
        config.enforceForeignKeys(true);
        if (purpose == Purpose.READ_ONLY) {
            config.setReadOnly(true);
        } else {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // With a write-ahead log, NORMAL never corrupts the file; a power cut may lose the
            // last commits, not the database. FULL would add an fsync to every reservation.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(settings.url().jdbcUrl());
        return dataSource;
    }

    private static DataSource postgres(DatabaseSettings settings, Purpose purpose) {
        DatabaseUrl url = settings.url();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setUrl(url.jdbcUrl());
        } catch (IllegalArgumentException e) {
            // The driver's message repeats the URL, which may hold a password.
            throw new IllegalArgumentException("Setting '" + DatabaseUrl.SETTING
                    + "' is not a JDBC URL the PostgreSQL driver understands (" + url.location() + ")");
        }
        url.user().ifPresent(dataSource::setUser);
        url.password().ifPresent(dataSource::setPassword);
        int seconds = (int) Math.max(1, settings.connectionTimeout().toSeconds());
        dataSource.setConnectTimeout(seconds);
        dataSource.setLoginTimeout(seconds);
        dataSource.setApplicationName(APPLICATION_NAME);
        if (url.jdbcUrl().contains("options=")) {
            LOG.debug("The db URL sets its own PostgreSQL options; the portal's time limits are not added");
        } else {
            dataSource.setOptions(POSTGRES_OPTIONS);
        }
        dataSource.setSocketTimeout(POSTGRES_SOCKET_TIMEOUT_SECONDS);
        dataSource.setTcpKeepAlive(true);
        // Server error details quote row values, such as token names; they stay out of messages.
        dataSource.setLogServerErrorDetail(false);
        if (purpose == Purpose.READ_ONLY) {
            dataSource.setReadOnly(true);
        }
        return dataSource;
    }
}
