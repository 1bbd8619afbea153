package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns failures into exit codes and short messages on stderr: a usage error is one line and
 * exit code 2, a failure is one line and exit code 1 (one line per problem for an invalid
 * configuration), and {@code --verbose} adds the stack trace. Credentials that a message might
 * carry in a URL are masked before anything is printed.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private final Session session;

    ErrorReporter(Session session) {
        this.session = session;
    }

    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        CommandLine command = exception.getCommandLine();
        String message = exception.getMessage().replaceFirst("^Error: ", "");
        StringBuilder line = new StringBuilder("error: ").append(message);
        if (exception instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            line.append(" (did you mean ").append(unmatched.getSuggestions().get(0)).append("?)");
        }
        line.append(" (see '").append(command.getCommandSpec().qualifiedName()).append(" --help')");
        PrintWriter err = command.getErr();
        err.println(SafeText.redact(line.toString()));
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine command, ParseResult parseResult) {
        report(exception, command.getErr());
        return FAILURE;
    }

    void report(Exception exception, PrintWriter err) {
        if (exception instanceof InvalidConfigurationException invalid) {
            for (String problem : invalid.problems()) {
                err.println(SafeText.redact("error: " + invalid.configFile() + ": " + problem));
            }
        } else if (exception instanceof CliFailure failure) {
            err.println(SafeText.redact("error: " + failure.getMessage()));
        } else {
            err.println(SafeText.redact("error: " + describe(exception) + (session.verbose() ? "" : " (--verbose shows details)")));
        }
        if (session.verbose()) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            err.print(SafeText.redact(trace.toString()));
        }
        err.flush();
    }

    /** The message of an unexpected exception, falling back to its type when it has none. */
    static String describe(Throwable exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
    }
}
