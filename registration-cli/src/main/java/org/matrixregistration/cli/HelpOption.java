package org.matrixregistration.cli;

import picocli.CommandLine.Option;

/** {@code -h/--help} for subcommands, which have no version option of their own. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
