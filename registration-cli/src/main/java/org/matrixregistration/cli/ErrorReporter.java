package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;
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

    private static final Pattern URL_PASSWORD = Pattern.compile("(?<=://)([^/\\s:@]*):[^/\\s@]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;\\s]*");

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
        err.println(redact(line.toString()));
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
                err.println(redact("error: " + invalid.configFile() + ": " + problem));
            }
        } else if (exception instanceof CliFailure failure) {
            err.println(redact("error: " + failure.getMessage()));
        } else {
            err.println(redact("error: " + describe(exception) + (session.verbose() ? "" : " (--verbose shows details)")));
        }
        if (session.verbose()) {
            StringWriter trace = new StringWriter();
            exception.printStackTrace(new PrintWriter(trace));
            err.print(redact(trace.toString()));
        }
        err.flush();
    }

    /** The message of an unexpected exception, falling back to its type when it has none. */
    static String describe(Throwable exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
    }

    /** Masks the password of {@code scheme://user:password@host} and {@code password=...} parameters. */
    static String redact(String text) {
        String masked = URL_PASSWORD.matcher(text).replaceAll("$1:***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }

    static List<String> redact(List<String> lines) {
        return lines.stream().map(ErrorReporter::redact).toList();
    }
}
