package org.matrixregistration.cli;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.cli.token.TokenCommands;
import picocli.CommandLine;

/**
 * The {@code matrix-registration} command line. The composition root's {@code main} calls
 * {@link #run} with its {@link CliEnvironmentFactory} and exits with the code it returns:
 * 0 success, 1 failure, 2 usage error.
 *
 * <p>It keeps the Python tool's commands ({@code serve}, {@code generate}, {@code status}) and
 * options working as they were, and adds {@code token}, {@code config}, {@code db} and
 * {@code completion}. The environment is opened only by commands that need it, and closed before
 * {@code run} returns.
 */
public final class MatrixRegistrationCli {
    public static final String COMMAND_NAME = "matrix-registration";

    private MatrixRegistrationCli() {}

    /**
     * Runs one command line.
     *
     * @param out where results go (token names, tables, JSON)
     * @param err where messages for people go (errors, which config file was used)
     * @return the process exit code
     */
    public static int run(CliEnvironmentFactory factory, PrintWriter out, PrintWriter err, String... args) {
        return run(factory, ConfigDiscovery.ofThisProcess(), out, err, args);
    }

    /** Whether {@code args} run the portal ({@code serve} and its own options only), as {@link #run} reads them. */
    public static boolean serves(String... args) {
        return ServeLine.parse(args).isPresent();
    }

    static int run(CliEnvironmentFactory factory, ConfigDiscovery discovery, PrintWriter out, PrintWriter err,
            String... args) {
        Objects.requireNonNull(factory, "factory");
        Session session = new Session(factory, discovery, err);
        ErrorReporter errors = new ErrorReporter(session);
        int exitCode;
        try {
            Optional<ServeLine> serve = ServeLine.parse(args);
            if (serve.isPresent()) {
                exitCode = serve(session, errors, serve.get(), err);
                return close(session, errors, exitCode, err);
            }
            CommandLine commandLine = commandLine(session);
            commandLine.setOut(out);
            commandLine.setErr(err);
            commandLine.setExecutionExceptionHandler(errors);
            commandLine.setParameterExceptionHandler(errors);
            exitCode = commandLine.execute(args);
        } finally {
            out.flush();
        }
        return close(session, errors, exitCode, err);
    }

    private static int close(Session session, ErrorReporter errors, int exitCode, PrintWriter err) {
        int code = exitCode;
        try {
            session.close();
        } catch (RuntimeException e) {
            errors.report(e, err);
            code = ErrorReporter.FAILURE;
        }
        err.flush();
        return code;
    }

    /**
     * {@code serve} without the command model: building picocli's model of every command by
     * reflection is the largest part of the CLI's start-up (its classes are too old for the JVM's
     * class-data cache), and the portal's start-up is what self-hosters wait for on every restart.
     * The result is what {@link ServeCommand} gives: the same session, messages and exit codes.
     */
    private static int serve(Session session, ErrorReporter errors, ServeLine line, PrintWriter err) {
        line.configPath().ifPresent(session::configPath);
        session.verbose(line.verbose());
        try {
            session.environment().serve();
            return 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            errors.report(e, err);
            return ErrorReporter.FAILURE;
        }
    }

    /** The command tree; every command that needs the application gets the session. */
    static CommandLine commandLine(Session session) {
        CommandLine root = new CommandLine(new RootCommand(session));
        root.addSubcommand(new ServeCommand(session));
        root.addSubcommand(TokenCommands.generate(session));
        root.addSubcommand(TokenCommands.status(session));
        root.addSubcommand(TokenCommands.token(session));
        root.addSubcommand(new CommandLine(new RequestsCommand())
                .addSubcommand(new RequestsCommand.ListRequests(session))
                .addSubcommand(new RequestsCommand.Approve(session))
                .addSubcommand(new RequestsCommand.Deny(session)));
        root.addSubcommand(new CommandLine(new ConfigCommand())
                .addSubcommand(new ConfigCheckCommand(session)));
        root.addSubcommand(new CommandLine(new DbCommand())
                .addSubcommand(new DbMigrateCommand(session))
                .addSubcommand(new DbImportLegacyCommand(session)));
        root.addSubcommand(new CompletionCommand());
        root.addSubcommand(new CommandLine.HelpCommand());
        listOptionsInDeclarationOrder(root);
        return root;
    }

    /** A command's own options first, in the order that matters; the global ones after them. */
    private static void listOptionsInDeclarationOrder(CommandLine command) {
        command.getCommandSpec().usageMessage().sortOptions(false);
        command.getSubcommands().values().forEach(MatrixRegistrationCli::listOptionsInDeclarationOrder);
    }
}
