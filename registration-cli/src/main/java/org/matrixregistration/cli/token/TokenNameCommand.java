package org.matrixregistration.cli.token;

import org.matrixregistration.cli.CliFailure;
import org.matrixregistration.cli.Session;
import org.matrixregistration.cli.SessionCommand;
import org.matrixregistration.core.token.TokenName;
import picocli.CommandLine.Parameters;

/** A command about one existing token, named by its parameter. */
abstract class TokenNameCommand extends SessionCommand {
    @Parameters(paramLabel = "NAME", converter = TokenNameConverter.class, description = "The token's name (case-sensitive).")
    TokenName name;

    TokenNameCommand(Session session) {
        super(session);
    }

    CliFailure noSuchToken() {
        return TokenCommands.noSuchToken(name);
    }
}
