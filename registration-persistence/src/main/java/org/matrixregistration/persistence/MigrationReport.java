package org.matrixregistration.persistence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a schema migration did.
 *
 * @param versionBefore the schema version found, empty for a database without the portal's schema
 * @param version       the schema version now
 * @param applied       the migrations applied, oldest first, as {@code "1 invite tokens"}; empty
 *                      when the schema was already current
 */
public record MigrationReport(Optional<String> versionBefore, String version, List<String> applied) {
    public MigrationReport {
        Objects.requireNonNull(versionBefore, "versionBefore");
        Objects.requireNonNull(version, "version");
        applied = List.copyOf(applied);
    }

    /** Whether any migration ran. */
    public boolean changedSchema() {
        return !applied.isEmpty();
    }
}
