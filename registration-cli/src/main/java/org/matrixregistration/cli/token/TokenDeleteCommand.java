package org.matrixregistration.cli.token;

import java.util.List;
import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.Session;
import org.matrixregistration.core.admin.AdministerTokens;
import org.matrixregistration.core.token.TokenUse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code token delete NAME}: removes a token and the record of its uses. */
@Command(
        name = "delete",
        description = {
            "Delete a token together with the record of its uses (the accounts stay on the homeserver). "
                    + "To keep the record, disable it instead.",
            "",
            "Output: 'Deleted NAME and its N recorded uses.'"
        })
final class TokenDeleteCommand extends TokenNameCommand {
    @Mixin
    HelpOption help;

    TokenDeleteCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        AdministerTokens tokens = session.environment().tokens();
        List<TokenUse> uses = tokens.uses(name).orElseThrow(this::noSuchToken);
        if (!tokens.delete(name)) {
            throw noSuchToken();
        }
        String count = uses.size() == 1 ? "1 recorded use" : uses.size() + " recorded uses";
        println("Deleted " + name.value() + " and its " + count + ".");
        return 0;
    }
}
