package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code db import-legacy}: copies the Python tool's tokens and uses into this portal's store. */
@Command(
        name = "import-legacy",
        description = {
            "Import the tokens and their uses from the Python matrix-registration's database into the configured "
                    + "one. Tokens whose names exist already are skipped, never overwritten, so running it twice "
                    + "imports nothing twice.",
            "",
            "Output: 'Imported T tokens and U uses from SOURCE.', then 'Skipped S tokens whose names exist "
                    + "already.' if any; warnings go to stderr. With --json {\"source\", \"tokens_imported\", "
                    + "\"tokens_skipped\", \"uses_imported\", \"warnings\"}."
        })
final class DbImportLegacyCommand extends SessionCommand {
    @Parameters(paramLabel = "PATH|URL",
            description = "The old database: the path of its SQLite file (e.g. /data/db.sqlite3), or its 'db' URL "
                    + "from the old config.yaml (sqlite:////data/db.sqlite3, postgresql://user:password@host/db).")
    String source;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    DbImportLegacyCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        ImportSummary summary = session.environment().importLegacy(source);
        String from = SafeText.redact(summary.source());
        output.print(() -> json(summary, from), () -> lines(summary, from));
        if (!output.json()) {
            PrintWriter err = spec.commandLine().getErr();
            summary.warnings().forEach(warning -> err.println("warning: " + SafeText.redact(warning)));
            err.flush();
        }
        return 0;
    }

    private static Map<String, Object> json(ImportSummary summary, String from) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("source", from);
        object.put("tokens_imported", summary.tokensImported());
        object.put("tokens_skipped", summary.tokensSkipped());
        object.put("uses_imported", summary.usesImported());
        object.put("warnings", SafeText.redact(summary.warnings()));
        return object;
    }

    private static List<String> lines(ImportSummary summary, String from) {
        List<String> lines = new ArrayList<>();
        lines.add("Imported " + count(summary.tokensImported(), "token") + " and "
                + count(summary.usesImported(), "use") + " from " + from + ".");
        if (summary.tokensSkipped() > 0) {
            lines.add("Skipped " + count(summary.tokensSkipped(), "token") + " whose "
                    + (summary.tokensSkipped() == 1 ? "name exists" : "names exist") + " already.");
        }
        return lines;
    }

    private static String count(int number, String noun) {
        return number + " " + noun + (number == 1 ? "" : "s");
    }
}
