package org.matrixregistration.cli.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.OutputOptions;
import org.matrixregistration.cli.SafeText;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code token migrate --to synapse}: copies the portal's own tokens into Synapse's registration tokens. */
@Command(
        name = "migrate",
        description = {
            "Copy the tokens of the portal's own database into Synapse's registration tokens, for token_store: "
                    + "synapse: names, limits, expiries, disabled state, notes and who signed up. Synapse counts "
                    + "from 0, so a token gets the uses it has left there and the portal adds the uses made before. "
                    + "Tokens that require approval, names Synapse has already, and tokens with sign-ups not settled "
                    + "yet stay where they are and are listed. The portal's database keeps its own tokens unchanged; "
                    + "running it again copies nothing twice. Needs homeserver_admin_token.",
            "",
            "Output: 'Copied T tokens (U uses) into DESTINATION.', then one line per token not carried; with --json "
                    + "{\"destination\", \"migrated\", \"uses_carried\", \"not_carried\": [{\"token\", \"reason\"}]}."
        })
final class TokenMigrateCommand extends SessionCommand {
    static final String SYNAPSE = "synapse";

    @Option(names = "--to", paramLabel = "STORE", required = true, completionCandidates = Targets.class,
            description = "Where the tokens go: synapse (Synapse's registration tokens).")
    String target;

    @Mixin
    OutputOptions output;

    @Mixin
    HelpOption help;

    /** The values {@code --to} takes. */
    static final class Targets extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Targets() {
            super(List.of(SYNAPSE));
        }
    }

    TokenMigrateCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        if (!SYNAPSE.equals(target)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--to': '" + target
                    + "'; the one store tokens can move to is 'synapse'");
        }
        TokenMigrationSummary summary = session.environment().migrateTokensToSynapse();
        String destination = SafeText.redact(summary.destination());
        output.print(() -> json(summary, destination), () -> lines(summary, destination));
        return 0;
    }

    private static Map<String, Object> json(TokenMigrationSummary summary, String destination) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("destination", destination);
        object.put("migrated", summary.migrated());
        object.put("uses_carried", summary.usesCarried());
        List<Object> notCarried = new ArrayList<>();
        for (TokenMigrationSummary.NotCarried left : summary.notCarried()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("token", left.token());
            entry.put("reason", left.reason());
            notCarried.add(entry);
        }
        object.put("not_carried", notCarried);
        return object;
    }

    private static List<String> lines(TokenMigrationSummary summary, String destination) {
        List<String> lines = new ArrayList<>();
        lines.add("Copied " + count(summary.migrated(), "token") + " (" + count(summary.usesCarried(), "use")
                + ") into " + destination + ".");
        if (!summary.notCarried().isEmpty()) {
            lines.add("Not carried:");
            summary.notCarried().forEach(left -> lines.add("  " + SafeText.printable(left.token()) + ": "
                    + SafeText.printable(left.reason())));
        }
        if (summary.migrated() > 0) {
            lines.add("Set token_store: synapse and restart the portal to use them.");
        }
        return lines;
    }

    private static String count(int number, String noun) {
        return number + " " + noun + (number == 1 ? "" : "s");
    }
}
