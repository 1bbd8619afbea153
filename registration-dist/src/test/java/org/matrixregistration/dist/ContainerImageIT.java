package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.testkit.SynapseContainer;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * The container image as a self-hoster runs it: an arbitrary {@code --user UID:GID}, only the
 * {@code /data} volume writable, the old guide's commands ({@code generate}, {@code serve}), against
 * a real Synapse. The container shares the host's network so that it reaches the Synapse fixture's
 * mapped port on loopback.
 */
class ContainerImageIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final String USER = "4242:4242";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path data;
    private static String image;
    private static int port;

    @BeforeAll
    static void buildImageAndConfig() throws IOException {
        image = PortalImage.name();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        port = LocalPortal.freePort();
        Files.writeString(data.resolve("config.yaml"), """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                admin_api_shared_secret: 'admin-secret-for-tests'
                db: 'sqlite:////data/db.sqlite3'
                host: '127.0.0.1'
                port: %d
                logging:
                  version: 1
                  root:
                    level: INFO
                  handlers:
                    file:
                      class: logging.handlers.RotatingFileHandler
                      filename: /data/m_reg.log
                """.formatted(SYNAPSE.baseUrl(), SYNAPSE.serverName(), SYNAPSE.sharedSecret(), port));
    }

    private static GenericContainer<?> portal(String... command) {
        return new GenericContainer<>(image)
                .withNetworkMode("host")
                .withFileSystemBind(data.toString(), "/data", BindMode.READ_WRITE)
                .withCreateContainerCmdModifier(cmd -> cmd.withUser(USER).withReadonlyRootfs(true))
                .withTmpFs(java.util.Map.of("/tmp", "rw,exec"))
                .withCommand(command);
    }

    @Test
    void serveStartsFromTheImagesAotCacheWithTheLaunchersSettings() throws Exception {
        String output;
        try (GenericContainer<?> help = portal("serve", "--help")
                .withEnv("JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xlog:aot=info:stderr")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            help.start();
            output = help.getLogs();
        }
        assertThat(output).contains("Opened AOT cache /opt/matrix-registration/matrix-registration-serve-25-",
                "-XX:-TieredCompilation", "-XX:-AOTReplayTraining", "-XX:+UseCompactObjectHeaders")
                .doesNotContain("AOT cache is invalid", "Unable to use AOT cache");
    }

    @Test
    void generatesATokenAndServesSignUpsAsAnyUserWithOnlyDataWritable() throws Exception {
        String token;
        try (GenericContainer<?> generate = portal("generate", "-m", "1")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            generate.start();
            token = generate.getLogs(org.testcontainers.containers.output.OutputFrame.OutputType.STDOUT).strip();
        }
        assertThat(token).matches("^([A-Z][a-z]+){3}$");
        assertThat(data.resolve("db.sqlite3")).exists();

        try (GenericContainer<?> serve = portal("serve")) {
            serve.start();
            LocalPortal.awaitHealthy("http://127.0.0.1:" + port, Duration.ofSeconds(60),
                    () -> serve.isRunning() ? Optional.empty() : Optional.of("the portal container stopped: " + serve.getLogs()));
            String localpart = SynapseContainer.uniqueLocalpart("carol");
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/register"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + localpart
                            + "&password=correct+horse+battery&confirm=correct+horse+battery&token=" + token))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).contains("\"user_id\":\"" + SYNAPSE.userId(localpart) + "\"")
                    .doesNotContain("access_token");
            assertThat(SYNAPSE.userExists(SYNAPSE.userId(localpart))).isTrue();
        }
        assertThat(Files.readString(data.resolve("m_reg.log"))).contains("Registration portal listening on");
    }
}
