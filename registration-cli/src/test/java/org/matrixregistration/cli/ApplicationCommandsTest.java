package org.matrixregistration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.cli.token.TokenMigrationSummary;
import org.matrixregistration.core.health.HealthReport;

/** serve, config check and db: the commands that drive the application through the environment. */
class ApplicationCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() {
        cli = new Cli(home);
    }

    @Test
    void serveRunsTheApplicationAndClosesItAfterwards() {
        Cli.Result result = cli.runWithConfig("serve");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.environment.calls).containsExactly("serve");
        assertThat(cli.environment.closed).isTrue();
    }

    @Test
    void serveThatFailsExitsWithOneAndAShortMessage() {
        cli.environment.failure = new IllegalStateException("port 5000 is in use");

        Cli.Result result = cli.runWithConfig("serve");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: port 5000 is in use (--verbose shows details)\n");
        assertThat(cli.environment.closed).isTrue();
    }

    /** serve takes a shorter way than the command model; what people see must not differ. */
    @Test
    void serveAnswersAsEveryOtherCommandWhateverTheOrderOfItsOptions() {
        cli.environment.failure = new IllegalStateException("port 5000 is in use");

        Cli.Result after = cli.run("serve", "--config-path", cli.configFile.toString());
        Cli.Result verbose = cli.run("--config-path=" + cli.configFile, "serve", "-v");

        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.err()).isEqualTo("error: port 5000 is in use (--verbose shows details)\n");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).startsWith("error: port 5000 is in use\n").contains("IllegalStateException")
                .contains("\tat ");
        assertThat(cli.opened).containsOnly(cli.configFile);
    }

    @Test
    void serveFindsTheConfigurationAndSaysWhichOrReportsAnInvalidOne() throws Exception {
        java.nio.file.Files.writeString(cli.home.resolve("config.yaml"), "server_name: example.org\n");
        Cli.Result found = cli.run("serve");
        assertThat(found.exitCode()).isZero();
        assertThat(found.err()).isEqualTo("Using config file " + cli.home.resolve("config.yaml") + "\n");

        cli.failToOpen(new InvalidConfigurationException(cli.configFile, List.of("server_name: is required")));
        Cli.Result invalid = cli.runWithConfig("serve");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).isEqualTo("error: " + cli.configFile + ": server_name: is required\n");
    }

    @Test
    void serveWithHelpOrSomethingExtraIsLeftToTheCommandModel() {
        Cli.Result help = cli.run("serve", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Run the registration portal");
        Cli.Result extra = cli.run("serve", "now");
        assertThat(extra.exitCode()).isEqualTo(2);
        assertThat(extra.err()).contains("now");
        assertThat(cli.environment.calls).isEmpty();
    }

    @Test
    void configCheckPassesWhenEveryDependencyIsHealthy() {
        cli.environment.publicUrl = Optional.of(URI.create("https://chat.example.org"));
        cli.environment.health = List.of(
                HealthReport.healthy("database", "SQLite /data/db.sqlite3 answers", Map.of()),
                HealthReport.healthy("homeserver", "Synapse at http://localhost:8008 accepts the shared secret",
                        Map.of("version", "1.160.0")));

        Cli.Result result = cli.runWithConfig("config", "check");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("ok    config      " + cli.configFile + " is valid\n" + """
                                  time zone: Europe/Berlin
                                  public URL: https://chat.example.org
                                  approval: available
                ok    database    SQLite /data/db.sqlite3 answers
                ok    homeserver  Synapse at http://localhost:8008 accepts the shared secret
                                  version: 1.160.0

                All checks passed.
                """);
    }

    @Test
    void configCheckSaysWhenApprovalIsUnavailable() {
        cli.environment.withoutApproval();

        Cli.Result result = cli.runWithConfig("config", "check");

        assertThat(result.out())
                .contains("approval: unavailable (tokens cannot require approval without homeserver_admin_token)");
    }

    @Test
    void configCheckFailsWhenADependencyIsUnhealthy() {
        cli.environment.health = List.of(
                HealthReport.healthy("database", "SQLite /data/db.sqlite3 answers", Map.of()),
                HealthReport.unhealthy("homeserver", "the homeserver refused the registration shared secret", Map.of()));

        Cli.Result result = cli.runWithConfig("config", "check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAIL  homeserver  the homeserver refused the registration shared secret\n")
                .contains("public URL: not set (no invite links)")
                .endsWith("\n1 of 3 checks failed.\n");
    }

    @Test
    void configCheckListsEveryProblemOfAnInvalidFileAndChecksNothingElse() {
        cli.failToOpen(new InvalidConfigurationException(cli.configFile, List.of(
                "server_location: missing; the homeserver's URL, e.g. http://localhost:8008",
                "port: must be a whole number from 1 to 65535; got 'abc'")));

        Cli.Result result = cli.runWithConfig("config", "check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("FAIL  config      " + cli.configFile + " has 2 problems:\n" + """
                                  server_location: missing; the homeserver's URL, e.g. http://localhost:8008
                                  port: must be a whole number from 1 to 65535; got 'abc'

                Not checked: the database and the homeserver. Fix the configuration first.
                """);
        assertThat(cli.environment.calls).isEmpty();
    }

    @Test
    void configCheckReportsAFileThatCannotStartTheApplication() {
        cli.failToOpen(new IllegalStateException("cannot open postgresql://portal:hunter2@db/portal"));

        Cli.Result result = cli.runWithConfig("config", "check");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("could not start from this file: cannot open postgresql://portal:***@db/portal")
                .doesNotContain("hunter2");
    }

    @Test
    void configCheckWithJsonGivesScriptsEveryResult() throws Exception {
        cli.environment.health = List.of(
                HealthReport.unhealthy("database", "connection refused", Map.of("url", "postgresql://u:pw@db/x")));

        Cli.Result result = cli.runWithConfig("config", "check", "--json");

        assertThat(result.exitCode()).isEqualTo(1);
        JsonNode json = JSON.readTree(result.out());
        assertThat(json.get("config_file").asText()).isEqualTo(cli.configFile.toString());
        assertThat(json.get("ok").asBoolean()).isFalse();
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("time_zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(json.get("public_url").isNull()).isTrue();
        assertThat(json.get("approval_available").asBoolean()).isTrue();
        assertThat(json.get("checks").get(0).get("component").asText()).isEqualTo("database");
        assertThat(json.get("checks").get(0).get("healthy").asBoolean()).isFalse();
        assertThat(json.get("checks").get(0).get("facts").get("url").asText()).isEqualTo("postgresql://u:***@db/x");
    }

    @Test
    void anInvalidConfigurationFailsOtherCommandsWithOneLinePerProblem() {
        cli.failToOpen(new InvalidConfigurationException(cli.configFile, List.of(
                "server_location: missing", "registration_shared_secret: missing")));

        Cli.Result result = cli.runWithConfig("generate");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("error: " + cli.configFile + ": server_location: missing\n"
                + "error: " + cli.configFile + ": registration_shared_secret: missing\n");
    }

    @Test
    void dbMigrateSaysWhatItApplied() throws Exception {
        cli.environment.migration = new MigrationSummary("SQLite /data/db.sqlite3", 2, "2");
        assertThat(cli.runWithConfig("db", "migrate").out())
                .isEqualTo("Applied 2 migrations to SQLite /data/db.sqlite3; the schema is at version 2.\n");

        cli.environment.migration = new MigrationSummary("SQLite /data/db.sqlite3", 0, "2");
        assertThat(cli.runWithConfig("db", "migrate").out())
                .isEqualTo("SQLite /data/db.sqlite3 is up to date; the schema is at version 2.\n");

        JsonNode json = JSON.readTree(cli.runWithConfig("db", "migrate", "--json").out());
        assertThat(json.get("applied").asInt()).isZero();
        assertThat(json.get("schema_version").asText()).isEqualTo("2");
    }

    @Test
    void dbImportLegacyPassesTheSourceOnAndSummarises() throws Exception {
        cli.environment.imported = new ImportSummary("SQLite /old/db.sqlite3", 12, 1, 30,
                List.of("token Foo: expiration_date 'soon' is not a date; imported without expiry"));

        Cli.Result result = cli.runWithConfig("db", "import-legacy", "/old/db.sqlite3");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.environment.calls).containsExactly("importLegacy /old/db.sqlite3");
        assertThat(result.out()).isEqualTo("""
                Imported 12 tokens and 30 uses from SQLite /old/db.sqlite3.
                Skipped 1 token whose name exists already.
                """);
        assertThat(result.err()).endsWith(
                "warning: token Foo: expiration_date 'soon' is not a date; imported without expiry\n");
        JsonNode json = JSON.readTree(cli.runWithConfig("db", "import-legacy", "/old/db.sqlite3", "--json").out());
        assertThat(json.get("tokens_imported").asInt()).isEqualTo(12);
        assertThat(json.get("warnings").get(0).asText()).startsWith("token Foo");
    }

    @Test
    void dbImportLegacyNeverPrintsADatabasePassword() {
        cli.environment.failure = new IllegalStateException(
                "cannot connect to postgresql://synapse:s3cret@db:5432/registration");

        Cli.Result result = cli.run("--verbose", "--config-path", cli.configFile.toString(),
                "db", "import-legacy", "postgresql://synapse:s3cret@db:5432/registration");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot connect to postgresql://synapse:***@db:5432/registration\n")
                .contains("\tat org.matrixregistration.cli.ApplicationCommandsTest.dbImportLegacyNeverPrintsADatabasePassword")
                .doesNotContain("s3cret");
    }

    @Test
    void tokenMigrateToSynapseSaysWhatItCarriedAndWhatNot() throws Exception {
        cli.environment.tokenMigration = new TokenMigrationSummary("Synapse's registration tokens at http://synapse:8008",
                3, 5, List.of(new TokenMigrationSummary.NotCarried("AskFirst", "requires approval")));

        Cli.Result result = cli.runWithConfig("token", "migrate", "--to", "synapse");

        assertThat(result.exitCode()).isZero();
        assertThat(cli.environment.calls).containsExactly("migrateTokensToSynapse");
        assertThat(result.out()).isEqualTo("""
                Copied 3 tokens (5 uses) into Synapse's registration tokens at http://synapse:8008.
                Not carried:
                  AskFirst: requires approval
                Set token_store: synapse and restart the portal to use them.
                """);
        JsonNode json = JSON.readTree(cli.runWithConfig("token", "migrate", "--to", "synapse", "--json").out());
        assertThat(json.get("migrated").asInt()).isEqualTo(3);
        assertThat(json.get("uses_carried").asInt()).isEqualTo(5);
        assertThat(json.get("not_carried").get(0).get("reason").asText()).isEqualTo("requires approval");
    }

    @Test
    void tokenMigrateKnowsOnlySynapseAsADestination() {
        Cli.Result result = cli.runWithConfig("token", "migrate", "--to", "portal");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'synapse'");
        assertThat(cli.environment.calls).isEmpty();
        assertThat(cli.runWithConfig("token", "migrate").exitCode()).isEqualTo(2);
    }
}
