package org.matrixregistration.cli;

import picocli.CommandLine.Command;

/** {@code db}: groups the database commands. */
@Command(name = "db", synopsisSubcommandLabel = "COMMAND",
        description = "Migrate the database, or import the Python tool's database.")
final class DbCommand extends GroupCommand {}
