package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups others ({@code token}, {@code requests}, {@code config}, {@code db}).
 * Called alone it is a usage error: its help on stderr, exit code 2. Picocli's own "missing
 * required subcommand" would print one line instead of the help these commands always showed.
 */
public abstract class GroupCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        return showUsage(spec);
    }

    /** The command's help on stderr, and the exit code of a usage error. */
    static int showUsage(CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.flush();
        return ErrorReporter.USAGE;
    }
}
