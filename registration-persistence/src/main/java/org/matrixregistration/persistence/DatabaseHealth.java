package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;

/**
 * The {@code database} health check: one trivial query on a pooled connection, waiting at most the
 * pool's connection timeout for a connection and two seconds for the answer.
 */
final class DatabaseHealth implements HealthCheck {
    static final String COMPONENT = "database";
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final DataSource pool;
    private final DatabaseUrl url;
    private final Supplier<String> schemaVersion;

    DatabaseHealth(DataSource pool, DatabaseUrl url, Supplier<String> schemaVersion) {
        this.pool = pool;
        this.url = url;
        this.schemaVersion = schemaVersion;
    }

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public HealthReport check() {
        Map<String, String> facts = Map.of(
                "kind", url.kind().name().toLowerCase(Locale.ROOT),
                "schema_version", schemaVersion.get());
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet row = statement.executeQuery("SELECT 1")) {
                row.next();
            }
            return HealthReport.healthy(COMPONENT, "The " + url + " answers.", facts);
        } catch (SQLException | RuntimeException e) {
            return HealthReport.unhealthy(COMPONENT,
                    "The " + url + " does not answer: " + Failures.reason(e, url.password()), facts);
        }
    }

    @Override
    public String toString() {
        return COMPONENT + " (" + url + ")";
    }
}
