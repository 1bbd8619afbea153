package org.matrixregistration.dist;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.dist.testing.LocalPortal;
import org.matrixregistration.testkit.SynapseContainer;
import org.matrixregistration.web.testing.PortalBrowser;
import org.matrixregistration.web.testing.PortalBrowser.Visitor;

/**
 * The whole product as a self-hoster runs it: the packaged jar in its own JVM, a real Synapse, and
 * a person in headless Chromium. An admin makes a single-use token with the CLI; the invited
 * person registers through the page and logs in to Synapse with the new password; a second person
 * with the same link is turned away. Screenshots land in target/screenshots.
 */
class EndToEndIT {
    private static final SynapseContainer SYNAPSE = SynapseContainer.shared();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dataDir;
    private static Process portal;
    private static String baseUrl;
    private static Path portalLog;

    @BeforeAll
    static void startPortal() throws Exception {
        int port = LocalPortal.freePort();
        baseUrl = "http://127.0.0.1:" + port;
        Files.writeString(dataDir.resolve("config.yaml"), """
                server_location: '%s'
                server_name: '%s'
                registration_shared_secret: '%s'
                admin_api_shared_secret: 'admin-secret-for-tests'
                public_url: '%s'
                db: 'sqlite:///{cwd}/db.sqlite3'
                host: '127.0.0.1'
                port: %d
                rate_limit: ['1000 per minute']
                """.formatted(SYNAPSE.baseUrl(), SYNAPSE.serverName(), SYNAPSE.sharedSecret(), baseUrl, port));
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
    void anInvitedPersonRegistersAndLogsInAndTheTokenIsThenUsedUp() throws Exception {
        PackagedJar.Result created = PackagedJar.run(dataDir, Map.of(), "token", "create", "--uses", "1", "--note", "e2e");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String inviteLink = created.out().lines().filter(line -> line.startsWith("Invite link:"))
                .map(line -> line.substring("Invite link:".length()).strip()).findFirst().orElseThrow();
        assertThat(inviteLink).startsWith(baseUrl + "/register?token=");
        String first = SynapseContainer.uniqueLocalpart("alice");
        String second = SynapseContainer.uniqueLocalpart("bob");

        try (PortalBrowser browser = PortalBrowser.launch(Visitor.desktop())) {
            browser.visit(inviteLink).fill(first, "correct horse battery", "correct horse battery").submit();
            browser.awaitHeading("Welcome, " + SYNAPSE.userId(first) + "!");
            browser.screenshot("e2e-1-welcome");
        }
        String accessToken = SYNAPSE.login(first, "correct horse battery");
        assertThat(SYNAPSE.whoami(accessToken)).isEqualTo(SYNAPSE.userId(first));

        try (PortalBrowser browser = PortalBrowser.launch(Visitor.phone().withoutJavaScript())) {
            browser.visit(inviteLink).fill(second, "another good password", "another good password").submit();
            browser.await(() -> !browser.errorOf("token").isEmpty(), "the token's error");
            assertThat(browser.errorOf("token")).contains("used up");
            browser.screenshot("e2e-2-used-up");
        }
        assertThat(SYNAPSE.userExists(SYNAPSE.userId(second))).isFalse();

        PackagedJar.Result status = PackagedJar.run(dataDir, Map.of(), "status", "-s",
                inviteLink.substring(inviteLink.indexOf("token=") + "token=".length()));
        assertThat(status.out()).contains("This token is not valid (used up)").contains("\"used\": 1");
    }

    /**
     * The admin console end to end: an admin creates an invite in one browser, a friend opens its
     * link in another, signs up and logs in to Synapse, and the admin sees the new Matrix ID under
     * the invite's uses.
     */
    @Test
    void anInviteMadeInTheConsoleSignsAFriendUpWhoShowsUnderItsUses() throws Exception {
        String friend = SynapseContainer.uniqueLocalpart("carol");
        try (PortalBrowser admin = PortalBrowser.launch(Visitor.desktop())) {
            admin.visit(baseUrl + "/admin");
            admin.field("secret").sendKeys("admin-secret-for-tests", Keys.ENTER);
            admin.awaitHeading("Invitations");
            admin.driver().findElement(By.linkText("New invite")).click();
            admin.awaitHeading("New invite");
            admin.type("note", "for Carol");
            admin.driver().findElement(By.cssSelector("main button[type=submit]")).click();
            admin.await(() -> !admin.driver().findElements(By.cssSelector("[data-invite-link] a")).isEmpty(),
                    "the invite's page");
            String link = admin.driver().findElement(By.cssSelector("[data-invite-link] a")).getAttribute("href");
            assertThat(link).startsWith(baseUrl + "/register?token=");

            try (PortalBrowser person = PortalBrowser.launch(Visitor.phone())) {
                person.visit(link).fill(friend, "correct horse battery", "correct horse battery").submit();
                person.awaitHeading("Welcome, " + SYNAPSE.userId(friend) + "!");
            }
            assertThat(SYNAPSE.whoami(SYNAPSE.login(friend, "correct horse battery"))).isEqualTo(SYNAPSE.userId(friend));

            admin.driver().navigate().refresh();
            admin.await(() -> admin.driver().findElement(By.cssSelector("[data-uses]")).getText()
                    .contains(SYNAPSE.userId(friend)), "the friend under the invite's uses");
            admin.screenshot("e2e-console-uses");
        }
    }

    @Test
    void reportsReadinessWithTheRealHomeserverAndServesTheAdminApiAndMetrics() throws Exception {
        HttpResponse<String> publicReady = get("/health/ready", null);
        assertThat(publicReady.statusCode()).as(publicReady.body()).isEqualTo(200);
        assertThat(publicReady.body()).as("the public answer is status only").isEqualTo("{\"ready\":true}");
        HttpResponse<String> ready = get("/health/ready", "admin-secret-for-tests");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"ready\":true").contains("\"shared_secret\":\"accepted\"")
                .doesNotContain(SYNAPSE.sharedSecret());

        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/token"))
                .header("Authorization", "SharedSecret admin-secret-for-tests")
                .POST(HttpRequest.BodyPublishers.ofString("{\"max_usage\": 2, \"expiration_date\": \"2099-12-31\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"max_usage\":2").contains("\"expiration_date\":\"2099-12-31 00:00:00\"")
                .contains("\"invite_url\":\"" + baseUrl + "/register?token=");
        assertThat(get("/api/token", "wrong-secret").body()).contains("MR_BAD_SECRET");

        String localpart = SynapseContainer.uniqueLocalpart("dave");
        String token = created.body().replaceAll("(?s).*\"name\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> signUp = send(HttpRequest.newBuilder(URI.create(baseUrl + "/register"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + localpart
                        + "\", \"password\": \"correct horse battery\", \"confirm\": \"correct horse battery\", \"token\": \""
                        + token + "\"}")));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(200);
        assertThat(get("/api/token/" + token, "admin-secret-for-tests").body()).contains("\"used\":1");
        assertThat(get("/metrics", null).body()).containsPattern("matrix_registration_registrations_total\\{[^}]*outcome=\"registered\"[^}]*\\} [1-9]");
        assertThat(get("/metrics", null).body()).contains("matrix_registration_untrusted_forwarded_requests_total");
    }

    private static HttpResponse<String> get(String path, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
        if (secret != null) {
            request.header("Authorization", "SharedSecret " + secret);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
