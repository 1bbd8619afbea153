package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;

/** The shaded jar works on its own in a fresh JVM: services merged, multi-release, main class set. */
class PackagedJarIT {
    @TempDir
    Path dir;

    @Test
    void printsItsVersion() throws Exception {
        PackagedJar.Result result = PackagedJar.run(dir, Map.of(), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("matrix-registration ");
    }

    @Test
    void generatesATokenIntoANewSqliteDatabaseAndReportsIt() throws Exception {
        PackagedJar.writeConfig(dir, "");

        PackagedJar.Result generated = PackagedJar.run(dir, Map.of(), "generate", "-m", "1");
        String token = generated.out().strip();
        PackagedJar.Result status = PackagedJar.run(dir, Map.of(), "status", "-s", token);

        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(token).matches("^([A-Z][a-z]+){3}$");
        assertThat(dir.resolve("db.sqlite3")).exists();
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("This token is valid").contains("\"max_usage\": 1");
    }

    @Test
    void servesWhileTheHomeserverIsDownAndSaysItIsNotReady() throws Exception {
        int port = LocalPortal.freePort();
        PackagedJar.writeConfig(dir, "");
        Files.writeString(dir.resolve("config.yaml"),
                Files.readString(dir.resolve("config.yaml")).replace("port: 0", "port: " + port));
        Process portal = PackagedJar.startLogged(dir, dir.resolve("portal.log"), Map.of(), "serve");
        try {
            HttpResponse<String> live = LocalPortal.awaitHealthy("http://127.0.0.1:" + port, Duration.ofSeconds(30),
                    LocalPortal.process(portal, dir.resolve("portal.log")));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> details = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .header("Authorization", "SharedSecret admin-secret-for-tests").build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(live.body()).isEqualTo("OK");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).as("status only for the public").isEqualTo("{\"ready\":false}");
            assertThat(details.statusCode()).isEqualTo(503);
            assertThat(details.body()).contains("\"ready\":false").contains("homeserver");
        } finally {
            portal.destroy();
            assertThat(portal.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    /** The YAML parser quotes the line it cannot read; on a secret's line that would print the secret. */
    @Test
    void aBrokenSecretLineIsReportedWithoutTheSecret() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), """
                server_name: 'example.org'
                registration_shared_secret: 'Sup3rSecretValue': oops
                admin_api_shared_secret: "An0therSecretValue
                """);

        for (String[] command : List.of(new String[] {"config", "check"}, new String[] {"serve"})) {
            PackagedJar.Result result = PackagedJar.run(dir, Map.of(), command);

            assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(result.out() + result.err()).contains("is not valid YAML at line 2")
                    .contains("(key registration_shared_secret)").doesNotContain("Sup3rSecret", "An0therSecret");
        }
    }

    @Test
    void refusesAnInvalidConfigurationNamingEveryKey() throws Exception {
        PackagedJar.writeConfig(dir, "port: 'eighty'\npassword:\n  min_length: -1\n");

        PackagedJar.Result result = PackagedJar.run(dir, Map.of(), "status", "-l");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("port").contains("password.min_length").doesNotContain("Exception");
    }

    @Test
    void failsWithOneLineWhenTheDatabaseCannotBeOpened() throws Exception {
        PackagedJar.writeConfig(dir, "sqlite:////proc/no-such-dir/db.sqlite3", "");

        PackagedJar.Result result = PackagedJar.run(dir, Map.of(), "generate");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().strip().lines()).hasSizeLessThanOrEqualTo(3);
        assertThat(result.err()).contains("/proc/no-such-dir").doesNotContain("\tat ");
    }
}
