package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.util.Methods;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.matrixregistration.web.testing.PortalFixture;

/** Settings that change where and how the portal is served: base_url, allow_cors, client_logo, extra routes. */
class DeploymentIT {

    @Test
    void servesEverythingUnderTheBaseUrl() {
        try (PortalFixture portal = PortalFixture.start(s -> s.baseUrl("/element"))) {
            assertThat(portal.url("/register")).endsWith("/element/register");
            HttpResponse<String> response = portal.get("/register");
            assertThat(response.statusCode()).isEqualTo(200);
            Document page = Jsoup.parse(response.body());
            assertThat(page.getElementById("register-form").attr("action")).isEqualTo("/element/register");
            assertThat(page.getElementById("register-form").attr("data-available-url")).isEqualTo("/element/register/available");
            String css = page.selectFirst("link[rel=stylesheet]").attr("href");
            assertThat(css).startsWith("/element/static/portal.css?v=");
            assertThat(portal.get(css.substring("/element".length())).statusCode()).isEqualTo(200);
            assertThat(portal.get("/health").body()).isEqualTo("OK");
            assertThat(portal.get("").headers().firstValue("Location")).hasValue("/element/register");
            String outside = "http://127.0.0.1:" + portal.port() + "/register";
            assertThat(portal.send(HttpRequest.newBuilder(URI.create(outside))).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void allowsCrossOriginCallsToThePublicEndpointsOnlyWhenAsked() {
        RouteGroup admin = routes -> routes.blocking(Methods.GET, "/api/version",
                exchange -> Responses.json(exchange, 200, Map.of("version", "test")));
        try (PortalFixture portal = PortalFixture.start(s -> s.allowCors(true), List.of(admin))) {
            HttpResponse<String> page = portal.send(portal.request("/register").header("Origin", "https://other.example"));
            assertThat(page.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            HttpResponse<String> preflight = portal.send(portal.request("/register")
                    .header("Origin", "https://other.example")
                    .header("Access-Control-Request-Method", "POST")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, HEAD, OPTIONS, POST");
            HttpResponse<String> version = portal.send(portal.request("/api/version").header("Origin", "https://other.example"));
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(version.headers().firstValue("Access-Control-Allow-Origin")).as("admin API").isEmpty();
        }
        try (PortalFixture portal = PortalFixture.start()) {
            assertThat(portal.send(portal.request("/register").header("Origin", "https://other.example"))
                    .headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(portal.send(portal.request("/register").method("OPTIONS", HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(405);
        }
    }

    @Test
    void servesExtraRouteGroupsWithTheSameSafetyAndNoRateLimit() {
        RouteGroup admin = routes -> routes
                .blocking(Methods.GET, "/api/token/{name}", exchange -> Responses.json(exchange, 200,
                        Map.of("name", Routes.pathParameter(exchange, "name").orElseThrow())))
                .nonBlocking(Methods.GET, "/api/version", exchange -> Responses.text(exchange, 200, "v"));
        try (PortalFixture portal = PortalFixture.start(s -> s.baseUrl("/element").rateLimits(List.of("1 per minute")),
                List.of(admin))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> token = portal.get("/api/token/DoubleWizardSki?name=Shadow");
                assertThat(token.statusCode()).isEqualTo(200);
                assertThat(token.body()).isEqualTo("{\"name\":\"DoubleWizardSki\"}");
                assertThat(token.headers().firstValue("Content-Security-Policy")).isPresent();
            }
            assertThat(portal.get("/api/version").body()).isEqualTo("v");
            HttpResponse<String> wrong = portal.send(portal.request("/api/token/X").DELETE());
            assertThat(wrong.statusCode()).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void showsTheConfiguredLogo(@TempDir Path dir) throws Exception {
        Path logo = dir.resolve("element-logo.png");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        Files.write(logo, png);
        try (PortalFixture portal = PortalFixture.start(s -> s.clientLogo(logo))) {
            String src = Jsoup.parse(portal.get("/register").body()).selectFirst("img.logo").attr("src");
            assertThat(src).startsWith("/static/client-logo?v=");
            HttpResponse<String> served = portal.get(src);
            assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        }
    }

    @Test
    void refusesAMissingOrOddLogoAtStartUp(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.png");
        assertThatThrownBy(() -> PortalFixture.start(s -> s.clientLogo(missing)))
                .hasMessageContaining("client_logo").hasMessageContaining("nope.png");
        Path text = Files.writeString(dir.resolve("logo.txt"), "hi");
        assertThatThrownBy(() -> PortalFixture.start(s -> s.clientLogo(text)))
                .hasMessageContaining("client_logo");
    }
}
