package org.matrixregistration.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code token}: groups the token-administration commands. */
@Command(
        name = "token",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Create, list, show, change, disable and delete invite tokens.",
            "Token names are case-sensitive. Read commands take --json for scripts."
        })
final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return Commands.showUsage(spec);
    }
}
