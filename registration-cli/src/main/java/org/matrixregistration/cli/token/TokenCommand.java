package org.matrixregistration.cli.token;

import org.matrixregistration.cli.GroupCommand;
import picocli.CommandLine.Command;

/** {@code token}: groups the token-administration commands. */
@Command(
        name = "token",
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "Create, list, show, change, disable and delete invite tokens.",
            "Token names are case-sensitive. Read commands take --json for scripts."
        })
final class TokenCommand extends GroupCommand {}
