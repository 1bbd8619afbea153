package org.matrixregistration.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code db}: groups the database commands. */
@Command(name = "db", synopsisSubcommandLabel = "COMMAND",
        description = "Migrate the database, or import the Python tool's database.")
final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return Commands.showUsage(spec);
    }
}
