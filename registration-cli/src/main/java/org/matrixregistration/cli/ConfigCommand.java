package org.matrixregistration.cli;

import picocli.CommandLine.Command;

/** {@code config}: groups the configuration commands. */
@Command(name = "config", synopsisSubcommandLabel = "COMMAND", description = "Check the configuration file.")
final class ConfigCommand extends GroupCommand {}
