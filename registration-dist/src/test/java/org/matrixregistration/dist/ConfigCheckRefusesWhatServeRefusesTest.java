package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.matrixregistration.cli.MatrixRegistrationCli;

/**
 * {@code config check} passes exactly the files {@code serve} accepts: each file below is wrong in
 * one key (several of them used to pass the check and only failed when {@code serve} built the
 * web settings), and both commands refuse it, naming that key, before anything starts.
 */
class ConfigCheckRefusesWhatServeRefusesTest {
    private static final String VALID = """
            server_location: 'http://127.0.0.1:9'
            server_name: 'example.org'
            registration_shared_secret: 'registration-secret'
            admin_api_shared_secret: 'a-long-enough-admin-secret'
            db: 'sqlite:///{cwd}/db.sqlite3'
            port: 0
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("rate_limit", "rate_limit: ['lots per minute']"),
                Arguments.of("rate_limit", "rate_limit: ''"),
                Arguments.of("failed_token_limit", "failed_token_limit: ''"),
                Arguments.of("request_body_timeout", "request_body_timeout: 0s"),
                Arguments.of("trusted_proxies", "trusted_proxies: ['proxy.local']"),
                Arguments.of("trusted_proxies", "trusted_proxies: ['10.0.0.0/33']"),
                Arguments.of("admin_api_rate_limit", "admin_api_rate_limit: ['0 per minute']"),
                Arguments.of("admin_api_failed_auth_limit", "admin_api_failed_auth_limit: ['often']"),
                Arguments.of("admin_api_cors_origins", "admin_api_cors_origins: ['*']"),
                Arguments.of("base_url", "base_url: 'element/../x'"),
                Arguments.of("client_redirect", "client_redirect: 'javascript:alert(1)'"),
                Arguments.of("public_url", "public_url: 'chat.example.org'"),
                Arguments.of("token_words", "token_words: 2"),
                Arguments.of("shutdown_grace", "shutdown_grace: soon"),
                Arguments.of("reservation_lifetime", "reservation_lifetime: 0"),
                Arguments.of("reservation_lifetime", "reservation_lifetime: 30s"),
                Arguments.of("db", "db: 'mysql://u:p@h/db'"),
                Arguments.of("server_location", "server_location: 'ftp://synapse'"),
                Arguments.of("homeserver_timeout", "homeserver_timeout: -3"),
                Arguments.of("port", "port: 70000"),
                Arguments.of("approval.notify_room", "approval: {notify_room: 'admins'}"),
                Arguments.of("approval.expire_after", "approval: {expire_after: 5m}"),
                Arguments.of("logging.root.level", "logging: {root: {level: LOUD}}"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFiles")
    void bothCommandsRefuseTheFileNamingTheKey(String key, String line) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), VALID + line + "\n");

        Run check = run(config, "config", "check");
        Run serve = run(config, "serve");

        assertThat(check.exitCode()).as("config check: %s", check.err()).isEqualTo(1);
        assertThat(serve.exitCode()).as("serve: %s", serve.err()).isEqualTo(1);
        assertThat(check.out() + check.err()).contains(key + ":");
        assertThat(serve.err()).contains(key + ":").doesNotContain("Exception");
    }

    /** So that each refusal above is the bad line's doing. */
    @Test
    void theFileWithoutABadLineIsAccepted() throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), VALID);

        Run check = run(config, "config", "check");

        assertThat(check.out() + check.err()).as("the valid base file has no problem of its own")
                .doesNotContain("error: " + config);
    }

    private record Run(int exitCode, String out, String err) {}

    private Run run(Path config, String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("--config-path", config.toString()), Stream.of(command))
                .toArray(String[]::new);
        int exitCode = MatrixRegistrationCli.run(new ApplicationFactory(Map.of(), dir), new PrintWriter(out, true),
                new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
