package org.matrixregistration.cli.token;

import org.matrixregistration.cli.HelpOption;
import org.matrixregistration.cli.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code token disable NAME}: the token admits no more registrations; its history stays. */
@Command(
        name = "disable",
        description = {
            "Disable a token: it admits no more registrations, and its uses stay recorded. "
                    + "'token update NAME --enable' undoes it.",
            "",
            "Output: 'Disabled NAME.' (also when it already was)."
        })
final class TokenDisableCommand extends TokenNameCommand {
    @Mixin
    HelpOption help;

    TokenDisableCommand(Session session) {
        super(session);
    }

    @Override
    public Integer call() {
        session.environment().tokens().disable(name).orElseThrow(this::noSuchToken);
        println("Disabled " + name.value() + ".");
        return 0;
    }
}
