package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that works on the application, which it reaches through the invocation's
 * {@link Session}: the environment is opened only when the command asks for it.
 */
public abstract class SessionCommand implements Callable<Integer> {
    protected final Session session;

    @Spec
    protected CommandSpec spec;

    protected SessionCommand(Session session) {
        this.session = session;
    }

    /** A usage error, in picocli's words for an invalid value, when the text is longer than the option allows. */
    protected void requireAtMost(String option, String text, int maximumLength) {
        if (text.length() > maximumLength) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': at most "
                    + maximumLength + " characters; got " + text.length());
        }
    }

    /** One line of the command's result on standard output, flushed at once. */
    protected void println(String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
    }
}
