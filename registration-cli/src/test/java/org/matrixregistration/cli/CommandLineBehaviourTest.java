package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.core.admin.NewToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/** What every command shares: help without configuration, exit codes, errors, the config file used. */
class CommandLineBehaviourTest {
    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(home);
    }

    @Test
    void helpNeedsNoConfiguration() throws IOException {
        Files.delete(cli.configFile);

        Cli.Result root = cli.run("--help");
        Cli.Result generate = cli.run("generate", "-h");
        Cli.Result viaHelpCommand = cli.run("help", "status");

        assertThat(root.exitCode()).isZero();
        assertThat(root.out()).startsWith("Usage: matrix-registration [-hvV] [--config-path=FILE] COMMAND\n")
                .contains("  generate    Create an invite token and print its name")
                .contains("Exit codes:\n  0   success\n");
        assertThat(generate.exitCode()).isZero();
        assertThat(generate.out()).contains("Without options the token admits UNLIMITED registrations and never expires");
        assertThat(viaHelpCommand.out()).startsWith("Usage: matrix-registration status");
        assertThat(root.err() + generate.err() + viaHelpCommand.err()).isEmpty();
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void eachCommandKeepsItsOwnHelpForJson() {
        assertThat(cli.run("token", "create", "--help").out())
                .containsPattern("--json\\s+Print the token as JSON for scripts\\.\n");
        assertThat(cli.run("token", "list", "--help").out()).containsPattern("--json\\s+Print a JSON array for scripts\\.\n");
        assertThat(cli.run("status", "--help").out()).containsPattern("--json\\s+Print JSON for scripts instead\\.\n");
        assertThat(cli.run("requests", "deny", "--help").out())
                .containsPattern("--json\\s+Print the decided request as JSON for scripts\\.\n");
        assertThat(cli.run("token", "show", "--help").out()).containsPattern("--json\\s+Print JSON for scripts\\.\n");
    }

    @Test
    void versionNeedsNoConfiguration() throws IOException {
        Files.delete(cli.configFile);

        Cli.Result result = cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).matches("matrix-registration \\d+\\.\\d+\\.\\d+\\S*\n");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void completionPrintsABashScriptForEveryCommandWithoutConfiguration() throws IOException {
        Files.delete(cli.configFile);

        Cli.Result result = cli.run("completion", "bash");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("complete -F _complete_matrix-registration")
                .contains("import-legacy").contains("--expires").contains("--config-path");
        assertThat(cli.opened).isEmpty();
        assertThat(cli.run("completion", "fish").exitCode()).isEqualTo(2);
    }

    @Test
    void aCommandGroupWithoutCommandShowsItsHelpAsAUsageError() {
        Cli.Result root = cli.run();
        Cli.Result token = cli.run("token");

        assertThat(root.exitCode()).isEqualTo(2);
        assertThat(root.out()).isEmpty();
        assertThat(root.err()).startsWith("Usage: matrix-registration [-hvV]");
        assertThat(token.exitCode()).isEqualTo(2);
        assertThat(token.err()).startsWith("Usage: matrix-registration token [-hv] [--config-path=FILE] COMMAND");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void anUnknownCommandIsAOneLineUsageErrorWithASuggestion() {
        Cli.Result result = cli.run("generat");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(
                "error: Unmatched argument at index 0: 'generat' (did you mean generate?) (see 'matrix-registration --help')\n");
    }

    @Test
    void anUnknownOptionIsAOneLineUsageError() {
        Cli.Result result = cli.runWithConfig("token", "list", "--everything");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: Unknown option: '--everything'")
                .endsWith("(see 'matrix-registration token list --help')\n")
                .hasLineCount(1);
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void aDiscoveredConfigFileIsNamedOnStderrAndNothingElseChangesOnStdout() {
        cli.environment.nextNames.add("DoubleWizardSki");

        Cli.Result result = cli.run("generate", "-m", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("DoubleWizardSki\n");
        assertThat(result.err()).isEqualTo("Using config file " + cli.configFile + "\n");
        assertThat(cli.opened).containsExactly(cli.configFile);
    }

    @Test
    void anExplicitConfigFileIsUsedSilentlyWhereverTheOptionStands() throws IOException {
        Path other = Files.writeString(home.resolve("other.yaml"), "port: 5001\n");
        cli.environment.nextNames.addAll(java.util.List.of("Before", "After"));

        Cli.Result before = cli.run("--config-path", other.toString(), "generate", "-m", "1");
        Cli.Result after = cli.run("generate", "-m", "1", "--config-path", "other.yaml");

        assertThat(before.err()).isEmpty();
        assertThat(after.err()).isEmpty();
        assertThat(after.out()).isEqualTo("After\n");
        assertThat(cli.opened).containsExactly(other, other);
    }

    @Test
    void aMissingExplicitConfigFileFails() {
        Cli.Result result = cli.run("--config-path", "/nonexistent/config.yaml", "token", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo(
                "error: config file /nonexistent/config.yaml does not exist (from --config-path)\n");
        assertThat(cli.opened).isEmpty();
    }

    @Test
    void noConfigFileAnywhereFailsNamingThePlacesTried() throws IOException {
        Files.delete(cli.configFile);

        Cli.Result result = cli.run("token", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: no config file found; looked for " + home.resolve("config.yaml")
                + ", " + home.resolve("config/config.yaml") + ", " + home.resolve("data/config.yaml") + ", "
                + home.resolve(".config/matrix-registration/config.yaml") + "; pass --config-path FILE\n");
    }

    @Test
    void anUnexpectedFailureIsOneLineUnlessVerbose() {
        cli.failToOpen(new IllegalStateException("the database file is locked"));

        Cli.Result quiet = cli.runWithConfig("token", "list");
        Cli.Result verbose = cli.runWithConfig("token", "list", "-v");

        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err()).isEqualTo("error: the database file is locked (--verbose shows details)\n");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("error: the database file is locked\n"
                + "java.lang.IllegalStateException: the database file is locked\n\tat ");
    }

    @Test
    void theEnvironmentIsClosedAfterTheCommand() {
        cli.environment.tokens.create(new NewToken(Optional.of(new TokenName("Open")), UsageLimit.of(1),
                Optional.empty(), ""));

        assertThat(cli.runWithConfig("token", "list").exitCode()).isZero();
        assertThat(cli.environment.closed).isTrue();
    }

    @Test
    void aFailureToCloseTheEnvironmentIsAFailureAfterTheOutput() {
        cli.environment.closeFailure = new IllegalStateException("could not flush the database");

        Cli.Result result = cli.runWithConfig("token", "list");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("No tokens.\n");
        assertThat(result.err()).isEqualTo("error: could not flush the database (--verbose shows details)\n");
    }
}
