package org.matrixregistration.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code token delete NAME}: removes a token and the record of its uses. */
@Command(
        name = "delete",
        description = {
            "Delete a token together with the record of its uses (the accounts stay on the homeserver). "
                    + "To keep the record, disable it instead.",
            "",
            "Output: 'Deleted NAME and its N recorded uses.'"
        })
final class TokenDeleteCommand implements Callable<Integer> {
    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", converter = TokenNameConverter.class, description = "The token's name (case-sensitive).")
    TokenName name;

    @Mixin
    HelpOption help;

    TokenDeleteCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        AdministerTokens tokens = session.environment().tokens();
        List<TokenUse> uses = tokens.uses(name).orElseThrow(() -> CliFailure.noSuchToken(name));
        if (!tokens.delete(name)) {
            throw CliFailure.noSuchToken(name);
        }
        String count = uses.size() == 1 ? "1 recorded use" : uses.size() + " recorded uses";
        spec.commandLine().getOut().println("Deleted " + name.value() + " and its " + count + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
