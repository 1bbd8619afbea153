package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.testkit.SynapseContainer;

/**
 * {@code token_store: synapse} as a self-hoster runs it: the packaged jar in its own JVM against a
 * Synapse whose registration requires its registration tokens. One set of invites for the portal and
 * every client: a token made through the admin API signs up someone who registers as Element does,
 * and the API then shows the use; a portal sign-up is a use Synapse counts; a token made with
 * Synapse's admin API is listed by the CLI; {@code config check} tells a closed registration;
 * {@code token migrate --to synapse} carries the portal's own tokens.
 */
class SynapseTokensEndToEndIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.sharedWithTokens();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_SECRET = "admin-secret-for-tests";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;
    private static Process portal;
    private static String baseUrl;
    private static Path portalLog;

    private static String config(SynapseContainer synapse, String adminToken, String tokenStore, int port) {
        return """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                homeserver_admin_token: '%s'
                token_store: %s
                admin_api_shared_secret: '%s'
                public_url: 'http://127.0.0.1:%d'
                db: 'sqlite:///{cwd}/db.sqlite3'
                host: '127.0.0.1'
                port: %d
                rate_limit: ['1000 per minute']
                """.formatted(synapse.baseUrl(), synapse.serverName(), synapse.sharedSecret(), adminToken, tokenStore,
                ADMIN_SECRET, port, port);
    }

    @BeforeAll
    static void startPortal() throws Exception {
        int port = LocalPortal.freePort();
        baseUrl = "http://127.0.0.1:" + port;
        Files.writeString(dataDir.resolve("config.yaml"), config(SYNAPSE, SYNAPSE.adminToken(), "synapse", port));
        portalLog = dataDir.resolve("portal.log");
        portal = PackagedJar.serveHealthy(dataDir, baseUrl);
    }

    @AfterAll
    static void stopPortal() throws InterruptedException {
        if (portal != null) {
            LocalPortal.stop(portal);
        }
    }

    @Test
    void aTokenMadeThroughTheApiSignsUpSomeoneOnElementAndTheApiShowsTheUse() throws Exception {
        JsonNode created = json(send("POST", "/api/token", "{\"max_usage\": 1, \"note\": \"for Element\"}"));
        String token = created.path("name").asText();
        assertThat(SYNAPSE.registrationToken(token).path("uses_allowed").asInt()).isEqualTo(1);

        assertThat(SYNAPSE.registerWithToken(SynapseContainer.uniqueLocalpart("element"), PASSWORD, token).registered())
                .isTrue();

        JsonNode shown = json(send("GET", "/api/token/" + token, null));
        assertThat(shown.path("used").asInt()).isEqualTo(1);
        assertThat(shown.path("pending").asInt()).isZero();
        assertThat(shown.path("max_usage").asInt()).isEqualTo(1);
        assertThat(shown.path("active").asBoolean()).isFalse();
        assertThat(shown.path("note").asText()).isEqualTo("for Element");
        JsonNode uses = json(send("GET", "/api/token/" + token + "/uses", null));
        assertThat(uses.toString()).contains("\"user_id\":null");
    }

    @Test
    void aPortalSignUpIsAUseSynapseCountsAndReadinessSaysSynapseRequiresTokens() throws Exception {
        String token = json(send("POST", "/api/token", "{\"max_usage\": 2}")).path("name").asText();
        String localpart = SynapseContainer.uniqueLocalpart("portal");

        HttpResponse<String> signUp = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + localpart + "\", \"password\": \""
                        + PASSWORD + "\", \"confirm\": \"" + PASSWORD + "\", \"token\": \"" + token + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(200);
        assertThat(SYNAPSE.registrationToken(token).path("completed").asInt()).isEqualTo(1);
        JsonNode shown = json(send("GET", "/api/token/" + token, null));
        assertThat(shown.path("used").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/api/token/" + token + "/uses", null)).toString())
                .contains(SYNAPSE.userId(localpart));
        HttpResponse<String> ready = send("GET", "/health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"registration\":\"requires_token\"").contains("\"admin_token\":\"accepted\"")
                .doesNotContain(SYNAPSE.adminToken());
    }

    @Test
    void theCliListsATokenMadeWithSynapsesAdminApi() throws Exception {
        String name = SynapseContainer.uniqueLocalpart("Ketesa");
        SYNAPSE.createRegistrationToken(name, 3);

        PackagedJar.Result listed = PackagedJar.run(dataDir, Map.of(), "token", "list", "--json");

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        JsonNode token = find(JSON.readTree(listed.out()), name);
        assertThat(token.path("max_usage").asInt()).isEqualTo(3);
        assertThat(token.path("used").asInt()).isZero();
        assertThat(token.path("active").asBoolean()).isTrue();
        PackagedJar.Result check = PackagedJar.run(dataDir, Map.of(), "config", "check");
        assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("token store: synapse")
                .contains("approval: unavailable (tokens cannot require approval with token_store: synapse");
    }

    @Test
    void configCheckSaysWhenSynapsesRegistrationIsClosed(@TempDir Path dir) throws Exception {
        SynapseContainer closed = SynapseContainer.shared();
        Files.writeString(dir.resolve("config.yaml"), config(closed, closed.adminToken(), "synapse", 0));

        PackagedJar.Result check = PackagedJar.run(dir, Map.of(), "config", "check");

        assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(1);
        assertThat(check.out()).contains("FAIL  homeserver").contains("registration is closed")
                .contains("enable_registration: true").contains("registration_requires_token: true")
                .doesNotContain(closed.adminToken());
    }

    @Test
    void tokenMigrateCarriesThePortalsOwnTokensIntoSynapse(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, config(SYNAPSE, SYNAPSE.adminToken(), "portal", 0));
        String family = SynapseContainer.uniqueLocalpart("Family");
        String paused = SynapseContainer.uniqueLocalpart("Paused");
        String approval = SynapseContainer.uniqueLocalpart("AskFirst");
        run(dir, "token", "create", "--name", family, "--uses", "3", "--note", "for the family", "--expires", "2099-01-01");
        run(dir, "token", "create", "--name", paused, "--uses", "0");
        run(dir, "token", "update", paused, "--disable");
        run(dir, "token", "create", "--name", approval, "--approval");

        PackagedJar.Result migrated = run(dir, "token", "migrate", "--to", "synapse");

        assertThat(migrated.out()).startsWith("Copied 2 tokens (0 uses) into Synapse's registration tokens at ")
                .contains("Not carried:\n  " + approval + ": requires approval");
        assertThat(SYNAPSE.registrationToken(family).path("uses_allowed").asInt()).isEqualTo(3);
        assertThat(SYNAPSE.registrationToken(family).path("expiry_time").isNumber()).isTrue();
        assertThat(SYNAPSE.registrationTokenExists(approval)).isFalse();
        assertThat(run(dir, "token", "migrate", "--to", "synapse").out()).startsWith("Copied 0 tokens")
                .contains(family + ": Synapse has a registration token of that name already");

        Files.writeString(config, config(SYNAPSE, SYNAPSE.adminToken(), "synapse", 0));
        JsonNode shown = JSON.readTree(run(dir, "token", "show", family, "--json").out());
        assertThat(shown.path("note").asText()).isEqualTo("for the family");
        assertThat(shown.path("max_usage").asInt()).isEqualTo(3);
        assertThat(shown.path("expiration_date").asText()).startsWith("2099-01-01");
        JsonNode pausedShown = JSON.readTree(run(dir, "token", "show", paused, "--json").out());
        assertThat(pausedShown.path("disabled").asBoolean()).isTrue();
        assertThat(pausedShown.path("max_usage").asInt()).isZero();
    }

    private static PackagedJar.Result run(Path dir, String... args) throws Exception {
        PackagedJar.Result result = PackagedJar.run(dir, Map.of(), args);
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.out() + result.err()).isZero();
        return result;
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode token : list) {
            if (token.path("name").asText().equals(name)) {
                return token;
            }
        }
        throw new AssertionError(name + " is not in " + list);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "SharedSecret " + ADMIN_SECRET)
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
