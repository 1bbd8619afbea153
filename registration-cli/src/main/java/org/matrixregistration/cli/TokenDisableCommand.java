package org.matrixregistration.cli;

import java.util.concurrent.Callable;
import org.matrixregistration.core.token.TokenName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code token disable NAME}: the token admits no more registrations; its history stays. */
@Command(
        name = "disable",
        description = {
            "Disable a token: it admits no more registrations, and its uses stay recorded. "
                    + "'token update NAME --enable' undoes it.",
            "",
            "Output: 'Disabled NAME.' (also when it already was)."
        })
final class TokenDisableCommand implements Callable<Integer> {
    private final Session session;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", converter = TokenNameConverter.class, description = "The token's name (case-sensitive).")
    TokenName name;

    @Mixin
    HelpOption help;

    TokenDisableCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.environment().tokens().disable(name).orElseThrow(() -> CliFailure.noSuchToken(name));
        spec.commandLine().getOut().println("Disabled " + name.value() + ".");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
