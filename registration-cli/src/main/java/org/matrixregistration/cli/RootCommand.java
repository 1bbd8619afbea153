package org.matrixregistration.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code matrix-registration}: the global options; without a command it shows its help. */
@Command(
        name = MatrixRegistrationCli.COMMAND_NAME,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        resourceBundle = OutputOptions.HELP_TEXTS,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "A token-gated sign-up portal for Matrix homeservers: run it, and manage its invite tokens.",
            "",
            "The Python tool's commands (serve, generate, status) work as before."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:failure (one line on stderr says what failed; --verbose adds the stack trace)",
            "2:usage error (unknown command, missing or invalid option)"
        },
        footer = {
            "",
            "Examples:",
            "  " + MatrixRegistrationCli.COMMAND_NAME + " generate              one use; prints the name",
            "  " + MatrixRegistrationCli.COMMAND_NAME + " token create --expires 7d --note 'for Alice'",
            "  " + MatrixRegistrationCli.COMMAND_NAME + " token list --active",
            "  " + MatrixRegistrationCli.COMMAND_NAME + " config check",
            "",
            "Run '" + MatrixRegistrationCli.COMMAND_NAME + " COMMAND --help' for a command's options."
        })
final class RootCommand implements Callable<Integer> {
    /** After each command's own options, which keep their declaration order. */
    private static final int GLOBAL_OPTIONS_ORDER = 100;

    private final Session session;

    @Spec
    CommandSpec spec;

    RootCommand(Session session) {
        this.session = session;
    }

    @Option(
            names = "--config-path",
            paramLabel = "FILE",
            order = GLOBAL_OPTIONS_ORDER,
            scope = ScopeType.INHERIT,
            description = {
                "The configuration file.",
                "Default: the first of these that exists",
                "  ./config.yaml",
                "  ./config/config.yaml",
                "  /data/config.yaml",
                "  $XDG_CONFIG_HOME/matrix-registration/config.yaml",
                "(the one found is named on stderr)."
            })
    void configPath(Path path) {
        session.configPath(path);
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, order = GLOBAL_OPTIONS_ORDER + 1, description = "Show the stack trace of a failure.")
    void verbose(boolean verbose) {
        session.verbose(verbose);
    }

    @Override
    public Integer call() {
        return GroupCommand.showUsage(spec);
    }
}
