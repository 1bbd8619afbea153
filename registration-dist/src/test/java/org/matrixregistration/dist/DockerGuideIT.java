package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * The popular Docker guide for the Python tool, followed word for word with this image: the
 * {@code config.yaml} every user of that guide has (the fixture, placeholders filled in), the port
 * published with {@code -p 5000:5000/tcp}, a non-root {@code --user}, {@code generate -h}, then
 * {@code generate} without flags for a token "with unlimited uses and no expiration" that two
 * friends use. The three steps that used to break: {@code host: ''}, the root logger at DEBUG with
 * handlers at INFO, and the meaning of a flagless {@code generate}.
 */
class DockerGuideIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PORTAL = "http://127.0.0.1:5000";

    @TempDir
    Path data;
    private String containerName;

    @AfterEach
    void removeTheContainer() throws Exception {
        if (containerName != null) {
            PortalImage.docker("rm", "-f", containerName);
        }
    }

    @Test
    void theGuidesCommandsWorkWithItsConfigAndTwoFriendsShareOneFlaglessToken() throws Exception {
        String adminSecret = HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(16));
        String config;
        try (InputStream fixture = DockerGuideIT.class.getResourceAsStream("/docker-guide/config.yaml")) {
            config = new String(fixture.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("SERVER_LOCATION", SYNAPSE.bridgeUrl())
                    .replace("SERVER_NAME", SYNAPSE.serverName())
                    .replace("REGISTRATION_SHARED_SECRET", SYNAPSE.sharedSecret())
                    .replace("ADMIN_API_SHARED_SECRET", adminSecret);
        }
        assertThat(config).contains("host: ''").contains("level: DEBUG");
        Files.writeString(data.resolve("config.yaml"), config);
        String user = ownerOf(data);
        String image = PortalImage.name();
        containerName = "matrix-registration-guide-" + HexFormat.of().formatHex(SecureRandom.getInstanceStrong().generateSeed(4));

        // Step 4 of the guide: the portal, with the port published.
        PortalImage.Result started = PortalImage.docker("run", "-d", "-p", "5000:5000/tcp", "-v", data + ":/data",
                "--user", user, "--name", containerName, image, "serve");
        assertThat(started.exitCode()).as(started.err()).isZero();
        LocalPortal.awaitHealthy(PORTAL, Duration.ofSeconds(60), () -> {
            String running = PortalImage.docker("inspect", "-f", "{{.State.Running}}", containerName).out().strip();
            return running.equals("true") ? Optional.empty()
                    : Optional.of("the portal container stopped: " + PortalImage.docker("logs", containerName).err());
        });

        // Step 5: the commands, then a token without flags.
        PortalImage.Result help = PortalImage.docker("run", "--rm", "-v", data + ":/data", "--user", user, image,
                "generate", "-h");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).contains("--maximum", "--expires");
        PortalImage.Result generated = PortalImage.docker("run", "--rm", "-v", data + ":/data", "--user", user, image,
                "generate");
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        String token = generated.out().strip();
        assertThat(token).matches("^([A-Z][a-z]+){3}$");
        assertThat(generated.err()).contains("unlimited", "-m 1");

        // Two friends, one link.
        String password = "correct horse battery staple";
        List<String> friends = List.of(SynapseContainer.uniqueLocalpart("ann"), SynapseContainer.uniqueLocalpart("bob"));
        for (String friend : friends) {
            HttpResponse<String> signUp = HTTP.send(HttpRequest.newBuilder(URI.create(PORTAL + "/register"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + friend + "&password=correct+horse+battery+staple"
                            + "&confirm=correct+horse+battery+staple&token=" + token))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(200);
            assertThat(SYNAPSE.login(friend, password)).isNotBlank();
        }

        HttpResponse<String> listed = HTTP.send(HttpRequest.newBuilder(URI.create(PORTAL + "/api/token"))
                .header("Authorization", "SharedSecret " + adminSecret).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode listedToken = findToken(JSON.readTree(listed.body()), token);
        assertThat(listedToken.get("used").asInt()).isEqualTo(2);
        assertThat(listedToken.get("max_usage").asInt()).isZero();
        assertThat(listedToken.get("expiration_date").isNull()).isTrue();

        // The guide's logging: root at DEBUG, both handlers at INFO.
        PortalImage.Result logs = PortalImage.docker("logs", containerName);
        String output = logs.out() + logs.err();
        assertThat(output).contains(" - INFO - ").doesNotContain("DEBUG");
        String logFile = Files.readString(data.resolve("m_reg.log"));
        assertThat(logFile).contains(" - INFO - Registration portal listening on").doesNotContain("DEBUG");
        assertThat(logFile.lines().filter(line -> line.contains("POST /register"))).hasSize(2);
    }

    private static JsonNode findToken(JsonNode tokens, String name) {
        for (JsonNode candidate : tokens) {
            if (candidate.get("name").asText().equals(name)) {
                return candidate;
            }
        }
        throw new AssertionError("token " + name + " is not listed: " + tokens);
    }

    /**
     * The {@code UID:GID} the guide's {@code --user "$(id -u):$(id -g)"} gives: the owner of the data
     * directory. A test run as root hands the directory to an ordinary user first, so that the image
     * is shown to work without root.
     */
    private static String ownerOf(Path dir) throws IOException {
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        if (uid == 0) {
            Files.setAttribute(dir, "unix:uid", 1000);
            Files.setAttribute(dir, "unix:gid", 1000);
            Files.setAttribute(dir.resolve("config.yaml"), "unix:uid", 1000);
            Files.setAttribute(dir.resolve("config.yaml"), "unix:gid", 1000);
        }
        return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
    }
}
