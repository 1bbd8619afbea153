package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.persistence.testing.PostgresServer;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * The shaded jar on PostgreSQL, as a deployment of several instances runs it: the driver is found
 * through the merged service files, {@code db migrate} reports the schema, a token made by the CLI
 * signs one person up through {@code serve} against the real Synapse and refuses the next.
 */
class PackagedJarPostgresIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    @Test
    void migratesServesAndSignsUpOnPostgresql() throws Exception {
        int port = LocalPortal.freePort();
        Files.writeString(dir.resolve("config.yaml"), """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                db: '%s'
                host: '127.0.0.1'
                port: %d
                """.formatted(SYNAPSE.baseUrl(), SYNAPSE.serverName(), SYNAPSE.sharedSecret(),
                PostgresServer.shared().newDbSetting(), port));

        PackagedJar.Result migrated = PackagedJar.run(dir, Map.of(), "db", "migrate");
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).startsWith("PostgreSQL").contains("the schema is at version");
        assertThat(migrated.out() + migrated.err()).doesNotContain(PostgresServer.PASSWORD);
        PackagedJar.Result created = PackagedJar.run(dir, Map.of(), "generate", "-m", "1");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();

        Process portal = PackagedJar.startLogged(dir, dir.resolve("portal.log"), Map.of(), "serve");
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            LocalPortal.awaitHealthy("http://127.0.0.1:" + port, Duration.ofSeconds(60),
                    LocalPortal.process(portal, dir.resolve("portal.log")));
            String first = SynapseContainer.uniqueLocalpart("pg");
            String second = SynapseContainer.uniqueLocalpart("pg");

            assertThat(signUp(http, port, first, token).statusCode()).isEqualTo(200);
            assertThat(signUp(http, port, second, token).statusCode()).isEqualTo(400);

            assertThat(SYNAPSE.whoami(SYNAPSE.login(first, PASSWORD))).isEqualTo(SYNAPSE.userId(first));
            assertThat(SYNAPSE.userExists(SYNAPSE.userId(second))).isFalse();
        } finally {
            portal.destroy();
            assertThat(portal.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        PackagedJar.Result status = PackagedJar.run(dir, Map.of(), "status", "-s", token);
        assertThat(status.out()).contains("\"used\": 1").contains("(used up)");
        assertThat(Files.readString(dir.resolve("portal.log"))).doesNotContain(PostgresServer.PASSWORD)
                .doesNotContain(PASSWORD);
    }

    private static HttpResponse<String> signUp(HttpClient http, int port, String localpart, String token)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/register"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + localpart + "\", \"password\": \""
                        + PASSWORD + "\", \"confirm\": \"" + PASSWORD + "\", \"token\": \"" + token + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
