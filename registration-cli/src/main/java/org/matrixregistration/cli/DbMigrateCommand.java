package org.matrixregistration.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code db migrate}: brings the configured database's schema up to date. */
@Command(
        name = "migrate",
        description = {
            "Bring the database schema up to date (serve does this too when it starts).",
            "",
            "Output: 'Applied N migrations to DATABASE; the schema is at version V.' or 'DATABASE is up to date; "
                    + "the schema is at version V.'; with --json {\"database\", \"applied\", \"schema_version\"}."
        })
final class DbMigrateCommand extends SessionCommand {
    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    DbMigrateCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        MigrationSummary summary = session.environment().migrate();
        String database = SafeText.redact(summary.database());
        output.print(() -> json(summary, database), () -> List.of(summary.applied() == 0
                ? database + " is up to date; the schema is at version " + summary.schemaVersion() + "."
                : "Applied " + (summary.applied() == 1 ? "1 migration" : summary.applied() + " migrations") + " to "
                        + database + "; the schema is at version " + summary.schemaVersion() + "."));
        return 0;
    }

    private static Map<String, Object> json(MigrationSummary summary, String database) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("database", database);
        object.put("applied", summary.applied());
        object.put("schema_version", summary.schemaVersion());
        return object;
    }
}
