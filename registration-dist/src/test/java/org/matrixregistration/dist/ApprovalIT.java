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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.testkit.SynapseContainer;
import org.matrixregistration.web.testing.PortalBrowser;
import org.matrixregistration.web.testing.PortalBrowser.Visitor;

/**
 * Sign-ups that wait for an admin's approval, end to end: the packaged jar with a Synapse admin's
 * token and an admins' room named by alias, a real Synapse, the admin API, the CLI and a person in
 * headless Chromium. The invariant checked throughout: the chosen password opens the account only
 * once it is approved.
 */
class ApprovalIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "admin-secret-for-approval";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dataDir;
    private static Process portal;
    private static String baseUrl;
    private static Path portalLog;
    private static String roomId;

    @BeforeAll
    static void startPortal() throws Exception {
        String alias = SynapseContainer.uniqueLocalpart("admins");
        roomId = SYNAPSE.createRoom(SYNAPSE.adminToken(), alias);
        int port = LocalPortal.freePort();
        baseUrl = "http://127.0.0.1:" + port;
        Files.writeString(dataDir.resolve("config.yaml"), """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                homeserver_admin_token: '%s'
                admin_api_shared_secret: '%s'
                public_url: '%s'
                db: 'sqlite:///{cwd}/db.sqlite3'
                host: '127.0.0.1'
                port: %d
                rate_limit: ['1000 per minute']
                approval:
                  notify_room: '#%s:%s'
                  expire_after: 7d
                """.formatted(SYNAPSE.baseUrl(), SYNAPSE.serverName(), SYNAPSE.sharedSecret(), SYNAPSE.adminToken(),
                SECRET, baseUrl, port, alias, SYNAPSE.serverName()));
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
    void throughTheApiASignUpStaysLockedUntilApprovedAndTheRoomHearsOfBoth() throws Exception {
        JsonNode token = json(admin("POST", "/api/token", "{\"max_usage\": 1, \"requires_approval\": true, \"note\": \"the choir\"}"));
        assertThat(token.get("requires_approval").booleanValue()).isTrue();
        String name = token.get("name").asText();
        String localpart = SynapseContainer.uniqueLocalpart("alice");
        String userId = SYNAPSE.userId(localpart);

        HttpResponse<String> signUp = signUpJson(localpart, name);

        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
        assertThat(json(signUp).get("status").asText()).isEqualTo("pending_approval");
        assertThat(json(signUp).get("user_id").asText()).isEqualTo(userId);
        assertThat(json(signUp).get("home_server").asText()).isEqualTo(SYNAPSE.serverName());
        assertThat(SYNAPSE.loginRefusal(localpart, PASSWORD)).contains("M_USER_LOCKED");
        JsonNode notice = awaitMessage(content -> content.path("body").asText().contains(userId)
                && content.path("m.relates_to").isMissingNode());
        assertThat(notice.path("content").path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(notice.path("content").path("body").asText()).contains(name).contains("the choir")
                .contains(baseUrl + "/admin/requests");

        JsonNode request = only(json(admin("GET", "/api/requests?status=pending", null)), userId);
        assertThat(request.get("token").asText()).isEqualTo(name);
        HttpResponse<String> approved = admin("POST", "/api/requests/" + request.get("id").asText() + "/approve", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(admin("POST", "/api/requests/" + request.get("id").asText() + "/deny", "").statusCode()).isEqualTo(409);

        String accessToken = SYNAPSE.login(localpart, PASSWORD);
        String room = SYNAPSE.createRoom(accessToken, null);
        assertThat(SYNAPSE.sendText(accessToken, room, "hello from an approved account")).startsWith("$");
        JsonNode reply = awaitMessage(content -> content.path("m.relates_to").path("m.in_reply_to").path("event_id")
                .asText().equals(notice.path("event_id").asText()));
        assertThat(reply.path("content").path("body").asText()).startsWith("Approved: " + userId);
        JsonNode used = json(admin("GET", "/api/token/" + name, null));
        assertThat(used.get("used").intValue()).isEqualTo(1);
        assertThat(used.get("pending").intValue()).isZero();
    }

    @Test
    void throughTheCliADeniedSignUpIsErasedAndItsUseIsFreeAgain() throws Exception {
        PackagedJar.Result created = PackagedJar.run(dataDir, Map.of(), "token", "create", "--uses", "1", "--approval");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String link = created.out().lines().filter(line -> line.startsWith("Invite link:"))
                .map(line -> line.substring("Invite link:".length()).strip()).findFirst().orElseThrow();
        String name = link.substring(link.indexOf("token=") + "token=".length());
        String localpart = SynapseContainer.uniqueLocalpart("mallory");
        String userId = SYNAPSE.userId(localpart);

        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone())) {
            browser.visit(link).fill(localpart, PASSWORD, PASSWORD).submit();
            browser.awaitHeading("Thank you, " + userId + "!");
            assertThat(browser.driver().getPageSource()).contains("waits for an admin's approval");
            browser.screenshot("approval-1-waiting");
        }
        assertThat(SYNAPSE.loginRefusal(localpart, PASSWORD)).contains("M_USER_LOCKED");

        PackagedJar.Result listed = PackagedJar.run(dataDir, Map.of(), "requests", "list", "--status", "pending");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        String line = listed.out().lines().filter(l -> l.contains(userId)).findFirst().orElseThrow();
        String id = line.substring(0, line.indexOf(' '));
        PackagedJar.Result denied = PackagedJar.run(dataDir, Map.of(), "requests", "deny", id, "--reason", "spam");
        assertThat(denied.exitCode()).as(denied.err()).isZero();
        assertThat(denied.out()).startsWith("Denied " + userId);

        assertThat(SYNAPSE.loginRefusal(localpart, PASSWORD)).contains("M_FORBIDDEN");
        PackagedJar.Result status = PackagedJar.run(dataDir, Map.of(), "status", "-s", name);
        assertThat(status.out()).contains("This token is valid").contains("\"used\": 0").contains("\"pending\": 0");
        awaitMessage(content -> content.path("body").asText().startsWith("Denied: " + userId)
                && content.path("body").asText().contains("spam"));
        String next = SynapseContainer.uniqueLocalpart("bob");
        assertThat(signUpJson(next, name).statusCode()).as("the use is free again").isEqualTo(202);
    }

    @Test
    void readinessShowsTheRoomAndTheRequests() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                .header("Authorization", "SharedSecret " + SECRET)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode checks = json(ready).get("checks");
        List<String> components = checks.findValuesAsText("component");
        assertThat(components).contains("approval_room", "registration_requests");
        for (JsonNode check : checks) {
            if (check.get("component").asText().equals("approval_room")) {
                assertThat(check.get("healthy").booleanValue()).as(check.toString()).isTrue();
                assertThat(check.get("essential").booleanValue()).isFalse();
            }
        }
        assertThat(ready.body()).doesNotContain(SYNAPSE.adminToken());
        PackagedJar.Result check = PackagedJar.run(dataDir, Map.of(), "config", "check");
        assertThat(check.out()).contains("approval: available").contains("ok    approval_room");
        assertThat(Files.readString(portalLog)).doesNotContain(SYNAPSE.adminToken()).doesNotContain(PASSWORD);
    }

    private static JsonNode only(JsonNode requests, String userId) {
        for (JsonNode request : requests) {
            if (request.get("user_id").asText().equals(userId)) {
                return request;
            }
        }
        throw new AssertionError("no request of " + userId + " in " + requests);
    }

    /** The first message in the admins' room whose content matches, waiting for the announcer. */
    private static JsonNode awaitMessage(Predicate<JsonNode> content) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> found = SYNAPSE.messages(SYNAPSE.adminToken(), roomId).stream()
                    .filter(event -> content.test(event.path("content"))).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no such message in the admins' room: " + SYNAPSE.messages(SYNAPSE.adminToken(), roomId));
    }

    private static HttpResponse<String> signUpJson(String localpart, String token) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + localpart + "\", \"password\": \""
                        + PASSWORD + "\", \"confirm\": \"" + PASSWORD + "\", \"token\": \"" + token + "\"}")));
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "SharedSecret " + SECRET)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
