package org.matrixregistration.dist.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.web.RateLimit;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** The configuration file the Python tool's setup guide tells people to write. */
    private static final String OLD_GUIDE_CONFIG = """
            server_location: 'http://synapse:8008'
            server_name: 'example.org'
            registration_shared_secret: 'RegistrationSharedSecret'
            admin_api_shared_secret: 'a-long-admin-secret'
            base_url: '/element/'
            client_redirect: 'https://app.element.io/#/login'
            client_logo: 'static/images/element-logo.png'
            db: 'sqlite:////data/db.sqlite3'
            host: '0.0.0.0'
            port: 5000
            rate_limit: ["100 per day", "10 per minute"]
            allow_cors: false
            ip_logging: true
            logging:
              disable_existing_loggers: False
              version: 1
              root:
                level: DEBUG
                handlers: [console, file]
              formatters:
                brief:
                  format: '%(name)s - %(levelname)s - %(message)s'
              handlers:
                console:
                  class: logging.StreamHandler
                  level: INFO
                  formatter: brief
                  stream: ext://sys.stdout
                file:
                  class: logging.handlers.RotatingFileHandler
                  formatter: brief
                  level: DEBUG
                  filename: /data/m_reg.log
            password:
              min_length: 10
            username:
              validation_regex: []
              invalidation_regex: ['(admin|support)']
            """;

    private PortalConfig load(String yaml) throws IOException {
        return load(yaml, Map.of());
    }

    private PortalConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(env, dir).load(file);
    }

    @Test
    void readsTheOldGuidesConfigWithTheSameMeaning() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG);

        assertThat(config.homeserver().baseUrl()).isEqualTo(URI.create("http://synapse:8008"));
        assertThat(config.homeserver().serverName()).isEqualTo("example.org");
        assertThat(config.homeserver().sharedSecret()).isEqualTo("RegistrationSharedSecret");
        assertThat(config.adminApi().enabled()).isTrue();
        assertThat(config.web().baseUrl()).isEqualTo("/element");
        assertThat(config.web().clientLogo()).isEmpty();
        assertThat(config.database().url().toString()).isEqualTo("SQLite database /data/db.sqlite3");
        assertThat(config.web().host()).isEqualTo("0.0.0.0");
        assertThat(config.web().port()).isEqualTo(5000);
        assertThat(config.web().rateLimits()).containsExactly(new RateLimit(100, Duration.ofDays(1)),
                new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(config.signUp().ipLogging()).isTrue();
        assertThat(config.logging().rootLevel()).isEqualTo("DEBUG");
        assertThat(config.logging().file()).contains(Path.of("/data/m_reg.log"));
        assertThat(config.logging().handlers()).extracting(PortalConfig.LogHandler::name, PortalConfig.LogHandler::level,
                        PortalConfig.LogHandler::format)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("console", "INFO",
                                Optional.of("%(name)s - %(levelname)s - %(message)s")),
                        org.assertj.core.groups.Tuple.tuple("file", "DEBUG",
                                Optional.of("%(name)s - %(levelname)s - %(message)s")));
        assertThat(config.signUp().passwords().minLength()).isEqualTo(10);
        assertThat(config.signUp().usernames().check("support-team"))
                .isInstanceOf(org.matrixregistration.core.account.UsernameRules.Refused.class);
        assertThat(config.signUp().usernames().check("alice"))
                .isInstanceOf(org.matrixregistration.core.account.UsernameRules.Accepted.class);
        assertThat(config.warnings()).singleElement().asString().contains("client_logo");
    }

    @Test
    void readsTheRotationOfTheGuidesFileHandlerAndTheLevelsOfNamedLoggers() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("filename: /data/m_reg.log\n",
                "filename: /data/m_reg.log\n      maxBytes: 10485760\n      backupCount: 3\n"));
        PortalConfig.LogHandler file = config.logging().handlers().get(1);
        assertThat(file.maxBytes()).isEqualTo(10_485_760);
        assertThat(file.backupCount()).isEqualTo(3);
        assertThat(file.rotates()).isTrue();

        PortalConfig named = load("""
                server_name: example.org
                registration_shared_secret: s3cret
                logging:
                  version: 1
                  root: {level: warn}
                  loggers:
                    io.undertow: {level: DEBUG}
                """);
        assertThat(named.logging().rootLevel()).isEqualTo("WARNING");
        assertThat(named.logging().loggers()).containsExactly(Map.entry("io.undertow", "DEBUG"));
        assertThat(named.logging().handlers()).isEmpty();
    }

    @Test
    void refusesLoggingThatNamesWhatItDoesNotDefine() {
        assertThatThrownBy(() -> load("""
                server_name: example.org
                registration_shared_secret: s3cret
                logging:
                  root: {level: LOUD, handlers: [missing]}
                  handlers:
                    file: {class: logging.FileHandler, filename: x.log, formatter: nope, maxBytes: -1}
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("logging.root.level", "logging.root.handlers"));
    }

    @Test
    void resolvesALogoOfOurOwnInTheWorkingDirectory() throws IOException {
        Files.createDirectories(dir.resolve("static/images"));
        Files.writeString(dir.resolve("static/images/element-logo.png"), "not really a png");

        assertThat(load(OLD_GUIDE_CONFIG).web().clientLogo()).contains(dir.resolve("static/images/element-logo.png"));
        assertThat(load(OLD_GUIDE_CONFIG.replace("static/images/element-logo.png", "/data/logo.png")).web().clientLogo())
                .contains(Path.of("/data/logo.png"));
    }

    @Test
    void appliesTheOldDefaults() throws IOException {
        PortalConfig config = load("""
                server_name: example.org
                registration_shared_secret: s3cret
                """);

        assertThat(config.homeserver().baseUrl()).isEqualTo(URI.create("http://localhost:8008"));
        assertThat(config.homeserver().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.web().host()).isEqualTo("localhost");
        assertThat(config.web().port()).isEqualTo(5000);
        assertThat(config.web().baseUrl()).isEmpty();
        assertThat(config.web().clientRedirect()).contains(URI.create("https://app.element.io/#/login"));
        assertThat(config.web().trustedProxies()).containsExactly("127.0.0.0/8", "::1/128");
        assertThat(config.database().url().toString()).isEqualTo("SQLite database " + dir + "/db.sqlite3");
        assertThat(config.signUp().reservationLifetime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.signUp().passwords().minLength()).isEqualTo(8);
        assertThat(config.tokens().wordsPerName()).isEqualTo(3);
        assertThat(config.adminApi().enabled()).isFalse();
        assertThat(config.warnings()).anyMatch(w -> w.contains("admin API is disabled"));
    }

    @Test
    void expandsCwdInTheDatabaseUrl() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("sqlite:////data/db.sqlite3", "sqlite:///{cwd}/db.sqlite3"));

        assertThat(config.database().url().toString()).isEqualTo("SQLite database " + dir + "/db.sqlite3");
    }

    @Test
    void disablesTheAdminApiWhileTheSamplePlaceholderIsSet() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("a-long-admin-secret", "APIAdminPassword"));

        assertThat(config.adminApi().enabled()).isFalse();
        assertThat(config.warnings()).anyMatch(w -> w.contains("sample value"));
    }

    @Test
    void reportsEveryProblemAtOnceNamingItsKey() {
        assertThatThrownBy(() -> load("""
                server_location: 'ftp://nowhere'
                port: 'eighty'
                password:
                  min_length: 0
                username:
                  invalidation_regex: ['(unclosed']
                homeserver_timeout: soon
                allow_cors: maybe
                """))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("server_location", "server_name", "registration_shared_secret",
                                "port", "password.min_length", "username.invalidation_regex", "homeserver_timeout",
                                "allow_cors"));
    }

    @Test
    void warnsAboutUnknownKeysWithTheNearestKnownOne() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG + "rate_limits: ['1 per day']\npassword_min_length: 3\n"
                + "completely_unrelated_thing: 1\n");

        assertThat(config.warnings()).contains(
                "unknown key 'rate_limits' is ignored; did you mean 'rate_limit'?",
                "unknown key 'password_min_length' is ignored; did you mean 'password.min_length'?",
                "unknown key 'completely_unrelated_thing' is ignored");
    }

    @Test
    void warnsAboutUnknownNestedKeys() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("min_length: 10", "min_lenght: 10"));

        assertThat(config.warnings()).contains("unknown key 'password.min_lenght' is ignored; did you mean 'password.min_length'?");
    }

    @Test
    void takesSecretsFromEnvironmentThenFileThenCredentialsThenInline() throws IOException {
        Path secretFile = dir.resolve("shared_secret.txt");
        Files.writeString(secretFile, "from-file\n");
        Path credentials = Files.createDirectory(dir.resolve("credentials"));
        Files.writeString(credentials.resolve("registration_shared_secret"), "from-credential");
        Files.writeString(credentials.resolve("admin_api_shared_secret"), "admin-from-credential");
        String yaml = OLD_GUIDE_CONFIG + "registration_shared_secret_file: " + secretFile + "\n";

        PortalConfig fromEnv = load(yaml, Map.of("MATRIX_REGISTRATION_REGISTRATION_SHARED_SECRET", "from-env",
                "CREDENTIALS_DIRECTORY", credentials.toString()));
        PortalConfig fromFile = load(yaml, Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));
        PortalConfig fromCredential = load(OLD_GUIDE_CONFIG, Map.of("CREDENTIALS_DIRECTORY", credentials.toString()));

        assertThat(fromEnv.homeserver().sharedSecret()).isEqualTo("from-env");
        assertThat(fromFile.homeserver().sharedSecret()).isEqualTo("from-file");
        assertThat(fromCredential.homeserver().sharedSecret()).isEqualTo("from-credential");
        assertThat(fromCredential.adminApi().sharedSecret()).contains("admin-from-credential");
        assertThat(load(OLD_GUIDE_CONFIG).homeserver().sharedSecret()).isEqualTo("RegistrationSharedSecret");
    }

    @Test
    void reportsAnUnreadableSecretFileByKeyWithoutItsContent() {
        assertThatThrownBy(() -> load(OLD_GUIDE_CONFIG + "admin_api_shared_secret_file: /nonexistent/secret\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("admin_api_shared_secret_file: names the file /nonexistent/secret, which cannot be read");
    }

    @Test
    void neverPrintsSecrets() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("sqlite:////data/db.sqlite3",
                "postgresql://matrix:dbpassword@db:5432/registration"));

        assertThat(config.toString()).doesNotContain("RegistrationSharedSecret", "a-long-admin-secret", "dbpassword");
    }

    @Test
    void readsDurationsInSeveralSpellings() throws IOException {
        String base = OLD_GUIDE_CONFIG + "reservation_lifetime: ";

        assertThat(load(base + "90s\n").signUp().reservationLifetime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(load(base + "15m\n").signUp().reservationLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(load(base + "2h\n").signUp().reservationLifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(load(base + "PT5M\n").signUp().reservationLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(load(base + "120\n").signUp().reservationLifetime()).isEqualTo(Duration.ofMinutes(2));
    }

    /** A sign-up still running when its reservation is settled could admit one account too many. */
    @Test
    void refusesAReservationLifetimeShorterThanASignUpCanTake() {
        assertThatThrownBy(() -> load(OLD_GUIDE_CONFIG + "homeserver_timeout: 30s\nreservation_lifetime: 90s\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("reservation_lifetime: must be longer than a sign-up can take: at least"
                        + " 3 x homeserver_timeout + 30 s = 120 s; got 90 s");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheLine() {
        assertThatThrownBy(() -> load("server_name: example.org\nport: [5000\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(file): is not valid YAML");
    }

    /** The parser quotes the broken line; on a secret's line that would print the secret. */
    @Test
    void aSyntaxErrorOnASecretsLineNamesTheLineAndKeyButNeverTheSecret() {
        for (String broken : List.of("registration_shared_secret: 'Sup3rSecretValue': oops\n",
                "registration_shared_secret: \"Sup3rSecretValue\n", "registration_shared_secret: [Sup3rSecretValue\n",
                "registration_shared_secret: Sup3rSecretValue: more\n")) {
            assertThatThrownBy(() -> load("server_name: example.org\n" + broken + "port: 5000\n"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is not valid YAML at line")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Sup3rSecret"));
        }
        assertThatThrownBy(() -> load("server_name: example.org\nregistration_shared_secret: 'Sup3rSecretValue': oops\n"))
                .hasMessageContaining("line 2").hasMessageContaining("(key registration_shared_secret)");
    }

    @Test
    void warnsAboutAShortAdminSecretNamingWhereItCameFrom() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("a-long-admin-secret", "short"));

        assertThat(config.adminApi().enabled()).isTrue();
        assertThat(config.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("admin_api_shared_secret (from config.yaml) has fewer than 16 characters").doesNotContain("short'"));
    }

    @Test
    void readsTheLimitsOnGuessingTokensWithTheirDefaults() throws IOException {
        PortalConfig defaults = load(OLD_GUIDE_CONFIG);
        assertThat(defaults.web().failedTokenLimits()).containsExactly(RateLimit.parse("5 per minute"),
                RateLimit.parse("20 per day"));

        PortalConfig config = load(OLD_GUIDE_CONFIG + "failed_token_limit: ['3 per minute']\n"
                + "failed_token_network_limit: '10 per hour'\nfailed_token_global_limit: ['50 per day']\n");
        assertThat(config.web().failedTokenLimits()).containsExactly(RateLimit.parse("3 per minute"));
        assertThat(config.web().failedTokenNetworkLimits()).containsExactly(RateLimit.parse("10 per hour"));
        assertThat(config.web().failedTokenGlobalLimits()).containsExactly(RateLimit.parse("50 per day"));
        assertThat(config.warnings()).noneMatch(warning -> warning.contains("failed_token"));

        assertThatThrownBy(() -> load(OLD_GUIDE_CONFIG + "failed_token_limit: ''\nfailed_token_global_limit: ['x']\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("failed_token_limit: must list at least one limit")
                .hasMessageContaining("failed_token_global_limit: cannot read 'x'");
    }

    @Test
    void readsTheLimitsOnSlowAndGreedyClients() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG + "request_body_timeout: 5s\nmax_connections_per_client: 8\n");

        assertThat(config.web().requestBodyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.web().maxConnectionsPerClient()).isEqualTo(8);
        assertThatThrownBy(() -> load(OLD_GUIDE_CONFIG + "request_body_timeout: 1h\nmax_connections_per_client: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("request_body_timeout: must be between 1 s and 5 min")
                .hasMessageContaining("max_connections_per_client: must be between 2 and 100000");
    }

    @Test
    void refusesTokenNamesOfFewerThanThreeWords() {
        assertThatThrownBy(() -> load(OLD_GUIDE_CONFIG + "token_words: 2\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("token_words: must be between 3 and 8");
    }

    @Test
    void acceptsTheOldRiotInstanceKey() throws IOException {
        PortalConfig config = load(OLD_GUIDE_CONFIG.replace("client_redirect: 'https://app.element.io/#/login'",
                "riot_instance: 'https://riot.example.org'"));

        assertThat(config.web().clientRedirect()).contains(URI.create("https://riot.example.org"));
        assertThat(config.warnings()).contains("riot_instance is deprecated; use client_redirect");
        assertThat(config.adminApi().publicUrl()).isEqualTo(Optional.empty());
    }

    @Test
    void theSampleConfigLoadsWithoutWarningsButTheDisabledAdminApi() throws IOException {
        Path sample = Path.of("..", "config", "config.sample.yaml");

        PortalConfig config = new ConfigLoader(Map.of(), dir).load(sample);

        assertThat(config.warnings()).singleElement().asString().contains("sample value");
        assertThat(config.web().port()).isEqualTo(5000);
    }

    @Test
    void readsTheApprovalSectionAndChecksIt() throws IOException {
        String base = "server_name: example.org\nregistration_shared_secret: s3cret\nhomeserver_admin_token: syt_admin\n";
        PortalConfig defaults = load(base);
        assertThat(defaults.approval().notifyRoom()).isEmpty();
        assertThat(defaults.approval().expireAfter()).isEqualTo(java.time.Duration.ofDays(14));

        PortalConfig set = load(base + "approval:\n  notify_room: '#admins:example.org'\n  expire_after: 3d\n");
        assertThat(set.approval().notifyRoom()).contains("#admins:example.org");
        assertThat(set.approval().expireAfter()).isEqualTo(java.time.Duration.ofDays(3));
        assertThat(set.warnings()).noneMatch(warning -> warning.contains("approval"));

        assertThatThrownBy(() -> load(base + "approval:\n  notify_room: 'admins'\n  expire_after: 10m\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::key)
                        .containsExactlyInAnyOrder("approval.notify_room", "approval.expire_after"));

        PortalConfig withoutToken = load("server_name: example.org\nregistration_shared_secret: s3cret\n"
                + "approval:\n  notify_room: '!abc:example.org'\n");
        assertThat(withoutToken.warnings()).anyMatch(warning -> warning.contains("approval.notify_room is ignored")
                && warning.contains("homeserver_admin_token"));
        assertThat(load(base + "approval:\n  notyfy_room: '!abc:example.org'\n").warnings())
                .anyMatch(warning -> warning.contains("did you mean 'approval.notify_room'"));
    }

    @Test
    void keepsTokensInThePortalUnlessTokenStoreSaysSynapseWhichNeedsTheAdminToken() throws IOException {
        String base = "server_name: example.org\nregistration_shared_secret: s3cret\n";
        assertThat(load(base).tokens().store()).isEqualTo(PortalConfig.TokenStore.PORTAL);
        assertThat(load(base + "token_store: portal\n").tokens().store()).isEqualTo(PortalConfig.TokenStore.PORTAL);
        assertThat(load(base + "homeserver_admin_token: syt_admin\ntoken_store: synapse\n").tokens().store())
                .isEqualTo(PortalConfig.TokenStore.SYNAPSE);

        assertThatThrownBy(() -> load(base + "token_store: synapse\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("token_store");
                    assertThat(problem.toString()).contains("homeserver_admin_token");
                }));
        assertThatThrownBy(() -> load(base + "token_store: ketesa\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(problem ->
                        assertThat(problem.toString()).contains("token_store", "'portal'", "'synapse'", "'ketesa'")));
        assertThat(load(base + "homeserver_admin_token: syt_admin\ntoken_store: synapse\n"
                + "approval:\n  notify_room: '#admins:example.org'\n").warnings())
                .anyMatch(warning -> warning.contains("approval.notify_room is ignored")
                        && warning.contains("token_store: synapse"));
    }
}
