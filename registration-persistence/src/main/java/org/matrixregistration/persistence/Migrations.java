package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, owned by Flyway: the SQL migrations under {@code db/migration} (one history for
 * both databases, see {@link Dialect#idColumn}), applied in order and recorded in
 * {@code flyway_schema_history}.
 *
 * <p>Before migrating it refuses, with a message naming the setting, a database whose schema is
 * newer than this code (Flyway itself would only warn and go on) and one that holds tables of
 * some other application. The one foreign schema it accepts is the Python matrix-registration's
 * ({@code tokens}, {@code ips}, {@code association}), so that a user can keep the {@code db}
 * setting when switching: the portal's tables are created beside the old ones, which stay
 * untouched for {@link LegacyImporter}.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String LOCATION_PATH = "db/migration";
    private static final String LOCATION = "classpath:" + LOCATION_PATH;
    private static final String HISTORY_TABLE = "flyway_schema_history";
    /** The tables the migrations make; another process may be making them right now. */
    private static final Set<String> OWN_TABLES =
            Set.of(HISTORY_TABLE, "invite_token", "token_reservation", "token_use", "admin_session", "registration_request",
                    "rate_limit_bucket", "homeserver_token", "homeserver_token_reservation", "homeserver_token_use");
    private static final Set<String> LEGACY_TABLES = Set.of("tokens", "ips", "association");

    private final DataSource dataSource;
    private final Dialect dialect;
    private final DatabaseUrl url;

    Migrations(DataSource dataSource, Dialect dialect, DatabaseUrl url) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
    }

    /**
     * What {@code open} runs: nothing but one query when the history's newest entry is a
     * successful migration to the newest version this code bundles, else {@link #migrate()}.
     * Flyway's scan, checksums and validation (with the classes they load) cost a start about a
     * tenth of its time, for a schema that is current on every start but the first after an
     * upgrade; {@code db migrate} still validates in full.
     */
    MigrationReport migrateIfBehind() {
        Optional<String> bundled = BundledMigrations.latestVersion(Migrations.class.getClassLoader(), LOCATION_PATH);
        Optional<String> current = bundled.flatMap(latest -> newestSuccessfulVersion());
        if (bundled.isPresent() && current.equals(bundled)) {
            return new MigrationReport(current, current.get(), List.of());
        }
        return migrate();
    }

    /**
     * The version of the history's newest entry if that entry is a successful migration; empty
     * when there is no history yet (or it cannot be read: {@link #migrate()} then says why).
     */
    private Optional<String> newestSuccessfulVersion() {
        try (Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT version, success FROM "
                        + HISTORY_TABLE + " ORDER BY installed_rank DESC LIMIT 1");
                ResultSet row = statement.executeQuery()) {
            return row.next() && row.getBoolean(2) ? Optional.ofNullable(row.getString(1)) : Optional.empty();
        } catch (SQLException noHistoryYet) {
            return Optional.empty();
        }
    }

    MigrationReport migrate() {
        try {
            MigrationInfoService info = flyway(false).info();
            refuseNewerSchema(info);
            Flyway flyway = flyway(info.current() == null && besideLegacyTablesOnly());
            MigrateResult result = flyway.migrate();
            // Read back rather than taken from the result: when instances start together, another
            // one may have applied some of the migrations, and the result only tells this one's part.
            String version = recordedVersion()
                    .or(() -> Optional.ofNullable(result.targetSchemaVersion))
                    .orElseThrow(() -> new DatabaseUnavailableException("The schema of the " + url
                            + " has no version after migrating; is " + LOCATION + " on the class path?"));
            List<String> applied = result.migrations.stream().map(m -> m.version + " " + m.description).toList();
            if (!applied.isEmpty()) {
                LOG.info("Migrated the schema of the {} to version {}: {}", url, version, applied);
            }
            return new MigrationReport(Optional.ofNullable(result.initialSchemaVersion).filter(v -> !v.equals("0")),
                    version, applied);
        } catch (FlywayException e) {
            throw new DatabaseUnavailableException("The schema of the " + url + " (setting '" + DatabaseUrl.SETTING
                    + "') could not be migrated: " + Failures.reason(e, url.password()), e);
        }
    }

    /**
     * For a database without schema history: whether it holds the Python tool's tables and nothing
     * else, so that the history must start beside them. Any other table is refused.
     */
    private boolean besideLegacyTablesOnly() {
        Set<String> tables = tables();
        Set<String> foreign = new TreeSet<>(tables);
        foreign.removeAll(LEGACY_TABLES);
        foreign.removeAll(OWN_TABLES);
        if (!foreign.isEmpty()) {
            throw new DatabaseUnavailableException("The " + url + " (setting '" + DatabaseUrl.SETTING
                    + "') already holds tables that are not the portal's (" + String.join(", ", foreign)
                    + "); give the portal a database of its own");
        }
        if (tables.stream().anyMatch(LEGACY_TABLES::contains)) {
            LOG.info("The {} holds the tables of the Python matrix-registration; the portal's tables are created"
                    + " beside them, and its tokens can be imported", url);
            return true;
        }
        return false;
    }

    /** Whether the Python tool's tables are in the same database. */
    boolean legacyTablesPresent() {
        return tables().containsAll(LEGACY_TABLES);
    }

    /** The newest version the history records as applied: one query, cheaper than Flyway's own view. */
    private Optional<String> recordedVersion() {
        try (Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement("SELECT version FROM " + HISTORY_TABLE
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1");
                ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw Failures.operationFailed("read the schema version of the " + url, e);
        }
    }

    private void refuseNewerSchema(MigrationInfoService info) {
        Optional<MigrationInfo> future = Arrays.stream(info.all())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .reduce((first, later) -> later);
        if (future.isPresent()) {
            String known = Arrays.stream(info.all()).filter(m -> m.getState().isResolved())
                    .reduce((first, later) -> later).map(m -> m.getVersion().getVersion()).orElse("none");
            throw new DatabaseUnavailableException("The " + url + " (setting '" + DatabaseUrl.SETTING
                    + "') has schema version " + future.get().getVersion().getVersion()
                    + ", newer than this version of matrix-registration knows (" + known
                    + "); run the newer matrix-registration that migrated it, or restore a backup taken before");
        }
    }

    private Flyway flyway(boolean besideLegacyTables) {
        var configuration = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .placeholders(Map.of("id_column", dialect.idColumn))
                .table(HISTORY_TABLE);
        if (besideLegacyTables) {
            configuration = configuration.baselineOnMigrate(true)
                    .baselineVersion("0")
                    .baselineDescription("tables of the Python matrix-registration");
        }
        return configuration.load();
    }

    /** The tables in the connection's schema, in lower case, without SQLite's internal ones. */
    private Set<String> tables() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            Set<String> tables = new TreeSet<>();
            try (ResultSet rows = metaData.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!name.startsWith("sqlite_")) {
                        tables.add(name);
                    }
                }
            }
            return tables;
        } catch (SQLException e) {
            throw Failures.operationFailed("list the tables of the " + url, e);
        }
    }
}
