package org.matrixregistration.cli;

import java.util.Objects;

/**
 * What {@code db migrate} did.
 *
 * @param database      the database in words, without credentials (e.g. {@code SQLite /data/db.sqlite3})
 * @param applied       how many migrations were applied now; 0 when the schema was up to date
 * @param schemaVersion the schema version after migrating
 */
public record MigrationSummary(String database, int applied, String schemaVersion) {
    public MigrationSummary {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        if (applied < 0) {
            throw new IllegalArgumentException("applied migrations cannot be negative");
        }
    }
}
