package org.matrixregistration.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code config}: groups the configuration commands. */
@Command(name = "config", synopsisSubcommandLabel = "COMMAND", description = "Check the configuration file.")
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return Commands.showUsage(spec);
    }
}
