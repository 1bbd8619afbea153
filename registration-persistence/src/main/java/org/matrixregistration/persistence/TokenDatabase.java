package org.matrixregistration.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.token.HomeserverTokens;

/**
 * The token store's database, open: a connection pool over SQLite or PostgreSQL whose schema
 * Flyway has brought up to date. Open one per process at start-up, give {@link #tokens} to the use
 * cases and {@link #health} to the readiness report, and close it at shutdown.
 *
 * <p>{@link #open} fails fast, with a {@link DatabaseUnavailableException} whose one-line message
 * names the setting and the file or host, when the SQLite file cannot be opened or created, the
 * PostgreSQL server cannot be reached or refuses the login, the schema is newer than this code, or
 * the database holds another application's tables. Several processes may open the same database
 * at once; the schema migrations and every token operation are safe under that.
 */
public final class TokenDatabase implements AutoCloseable {
    private static final String POOL_NAME = "matrix-registration-db";

    private final DatabaseSettings settings;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final Jdbc jdbc;
    private final Migrations migrations;
    private final MigrationReport startupMigration;
    private volatile String schemaVersion;
    private final Optional<SharedRateLimits> rateLimits;

    private TokenDatabase(DatabaseSettings settings, Dialect dialect, HikariDataSource pool, Migrations migrations,
            MigrationReport startupMigration) {
        this.settings = settings;
        this.rateLimits = settings.url().kind() == DatabaseUrl.Kind.POSTGRESQL
                ? Optional.of(SharedRateLimits.open(settings)) : Optional.empty();
        this.dialect = dialect;
        this.pool = pool;
        this.jdbc = new Jdbc(pool);
        this.migrations = migrations;
        this.startupMigration = startupMigration;
        this.schemaVersion = startupMigration.version();
    }

    /**
     * Connects, migrates the schema to the newest version (only reading the history when it is
     * current already) and opens the pool.
     *
     * @throws DatabaseUnavailableException if the database cannot be used; nothing stays open then
     */
    public static TokenDatabase open(DatabaseSettings settings) {
        Objects.requireNonNull(settings, "settings");
        DatabaseUrl url = settings.url();
        Dialect dialect = Dialect.of(url.kind());
        DataSource connections = DataSources.create(settings, DataSources.Purpose.STORE);
        DataSources.checkReachable(settings, connections, "setting '" + DatabaseUrl.SETTING + "'", DataSources.Purpose.STORE);
        Migrations migrations = new Migrations(connections, dialect, url);
        MigrationReport report = migrations.migrateIfBehind();
        return new TokenDatabase(settings, dialect, pool(settings, connections), migrations, report);
    }

    /**
     * The token store.
     *
     * @param clock gives {@code now} where the port does not take it as an argument
     */
    public JdbcInviteTokens tokens(Clock clock) {
        return new JdbcInviteTokens(jdbc, dialect, clock);
    }

    /**
     * The token store of {@code token_store: synapse}: the homeserver's own registration tokens, with
     * what the homeserver does not keep (notes, who signed up, the portal's reservations) in this
     * database, shared by every instance that uses it.
     *
     * @param homeserver the homeserver's tokens
     * @param clock      gives {@code now} where the port does not take it as an argument
     */
    public JdbcHomeserverInviteTokens homeserverTokens(HomeserverTokens homeserver, Clock clock) {
        return new JdbcHomeserverInviteTokens(jdbc, dialect, homeserver, clock);
    }

    /** Registration requests awaiting approval, in the same database, for every instance that shares it. */
    public JdbcRegistrationRequests registrationRequests() {
        return new JdbcRegistrationRequests(jdbc);
    }

    /** The console's sessions, in the same database, so that every instance sharing it knows them. */
    public JdbcAdminSessions adminSessions() {
        return new JdbcAdminSessions(jdbc);
    }

    /**
     * Rate-limit buckets every portal instance on this database shares (bucket4j's store), so that
     * limits hold for the whole deployment; empty on SQLite, where one instance keeps them in
     * memory. Calls may block for up to a couple of seconds, and fail while the database does.
     */
    public Optional<ProxyManager<String>> rateLimitBuckets() {
        return rateLimits.map(SharedRateLimits::buckets);
    }

    /** The {@code database} check: does the database answer a trivial query now. */
    public HealthCheck health() {
        return new DatabaseHealth(pool, settings.url(), () -> schemaVersion);
    }

    /** Applies any migrations not yet applied (another process may have been older); idempotent. */
    public MigrationReport migrate() {
        MigrationReport report = migrations.migrate();
        schemaVersion = report.version();
        return report;
    }

    /** What {@link #open} migrated. */
    public MigrationReport startupMigration() {
        return startupMigration;
    }

    /** Whether the Python matrix-registration's tables are in this database, ready for {@link LegacyImporter}. */
    public boolean legacyTablesPresent() {
        return migrations.legacyTablesPresent();
    }

    public DatabaseUrl url() {
        return settings.url();
    }

    /** Closes the pool; calls in flight finish first. */
    @Override
    public void close() {
        rateLimits.ifPresent(SharedRateLimits::close);
        pool.close();
    }

    @Override
    public String toString() {
        return settings.url().toString();
    }

    Jdbc jdbc() {
        return jdbc;
    }

    private static HikariDataSource pool(DatabaseSettings settings, DataSource connections) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setDataSource(connections);
        config.setMaximumPoolSize(settings.maximumPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setAutoCommit(true);
        // The reservation's count must see reservations committed while it waited for the token's
        // lock (see JdbcInviteTokens). READ COMMITTED is PostgreSQL's default, but a role or
        // database may default to REPEATABLE READ, which would admit one sign-up too many; set it
        // on every connection. (SQLite serialises writers and ignores it.)
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // The database was reached a moment ago; a failure from here on belongs to the call that meets it.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
