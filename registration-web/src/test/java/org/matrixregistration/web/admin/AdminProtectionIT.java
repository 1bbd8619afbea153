package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.LogCapture;

/** The secret, the disabled API, the two limits, CORS and the access log of the admin API. */
class AdminProtectionIT {
    private static final List<String> ROUTES = List.of("GET /api/token", "POST /api/token", "GET /api/token/Some",
            "PATCH /api/token/Some", "DELETE /api/token/Some", "GET /api/token/Some/uses", "GET /api/version");

    private static HttpRequest.Builder call(AdminFixture api, String route, String authorization) {
        String[] parts = route.split(" ");
        HttpRequest.Builder request = api.request(parts[1])
                .method(parts[0], parts[0].equals("GET") || parts[0].equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"disabled\": true}"));
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static void assertBadSecret(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"MR_BAD_SECRET\",\"error\":\"wrong shared secret\"}");
    }

    @Test
    void refusesEveryCallWithoutTheRightSecretWithTheOldError() {
        try (AdminFixture api = AdminFixture.start(s -> s.failedAuthLimits(List.of("1000 per minute")))) {
            api.post("/api/token", "{\"name\": \"Some\"}");
            for (String route : ROUTES) {
                assertBadSecret(api.send(call(api, route, null)));
                assertBadSecret(api.send(call(api, route, "SharedSecret wrong")));
                assertBadSecret(api.send(call(api, route, "SharedSecret " + AdminFixture.SECRET + "x")));
                assertBadSecret(api.send(call(api, route, "Basic " + AdminFixture.SECRET)));
                assertBadSecret(api.send(call(api, route, "SharedSecret")));
            }
            assertThat(api.get("/api/token/Some").statusCode()).as("nothing was changed or deleted").isEqualTo(200);
            assertThat(api.send(api.request("/api/version").header("Authorization", "Bearer " + AdminFixture.SECRET))
                    .statusCode()).isEqualTo(200);
            assertThat(api.send(api.request("/api/version").header("Authorization", "sharedsecret " + AdminFixture.SECRET))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anEmptySecretOrTheSamplePlaceholderDisablesTheApi() {
        for (String secret : new String[] {"", "  ", AdminApiSettings.SAMPLE_PLACEHOLDER}) {
            try (AdminFixture api = AdminFixture.start(s -> s.sharedSecret(secret).failedAuthLimits(List.of("1000 per minute")))) {
                for (String route : ROUTES) {
                    assertBadSecret(api.send(call(api, route, "SharedSecret " + secret)));
                    assertBadSecret(api.send(call(api, route, "Bearer " + secret)));
                }
            }
        }
    }

    @Test
    void throttlesAnAddressThatKeepsSendingWrongSecrets() {
        try (AdminFixture api = AdminFixture.start(s -> s.failedAuthLimits(List.of("3 per minute")))) {
            for (int i = 0; i < 3; i++) {
                assertBadSecret(api.send(call(api, "GET /api/version", "SharedSecret guess" + i)));
            }
            HttpResponse<String> throttled = api.send(call(api, "GET /api/version", "SharedSecret guess"));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            assertThat(api.get("/api/version").statusCode()).as("even the right secret waits").isEqualTo(429);

            api.clock.advance(Duration.ofMinutes(1));
            assertThat(api.get("/api/version").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void limitsAdminCallsApartFromSignUps() {
        try (AdminFixture api = AdminFixture.start(s -> s.rateLimits(List.of("2 per minute")))) {
            assertThat(api.get("/api/token").statusCode()).isEqualTo(200);
            assertThat(api.get("/api/version").statusCode()).isEqualTo(200);
            HttpResponse<String> limited = api.get("/api/token");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Json.parse(limited.body()).get("errcode").asText()).isEqualTo("M_LIMIT_EXCEEDED");
            assertThat(api.send(api.request("/register")).statusCode()).as("sign-ups have their own limit").isEqualTo(200);

            api.clock.advance(Duration.ofMinutes(1));
            assertThat(api.get("/api/token").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sendsCorsHeadersOnlyToConfiguredOrigins() {
        try (AdminFixture api = AdminFixture.start()) {
            HttpResponse<String> response = api.send(api.admin("/api/token").header("Origin", "https://admin.example.org"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(api.send(api.request("/api/token").method("OPTIONS", HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(405);
        }
        try (AdminFixture api = AdminFixture.start(s -> s.corsOrigins(List.of("https://Admin.example.org/")))) {
            HttpResponse<String> allowed = api.send(api.admin("/api/token").header("Origin", "https://admin.example.org"));
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example.org");
            assertThat(allowed.headers().firstValue("Access-Control-Expose-Headers").orElse("")).contains("X-Total-Count");
            HttpResponse<String> other = api.send(api.admin("/api/token").header("Origin", "https://evil.example"));
            assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> preflight = api.send(api.request("/api/token/Some")
                    .header("Origin", "https://admin.example.org")
                    .header("Access-Control-Request-Method", "PATCH")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://admin.example.org");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PATCH");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
            HttpResponse<String> foreign = api.send(api.request("/api/token")
                    .header("Origin", "https://evil.example")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void logsAdminCallsWithoutSecretsOrTokenNames() throws Exception {
        List<String> lines;
        try (LogCapture logs = LogCapture.everything()) {
            try (AdminFixture api = AdminFixture.start()) {
                api.post("/api/token", "{\"name\": \"SecretName\"}");
                api.get("/api/token/SecretName");
                api.get("/api/token/SecretName/uses");
                api.get("/register?token=SecretName");
                api.send(call(api, "GET /api/version", "SharedSecret hunter2"));
            }
            Thread.sleep(100);
            lines = logs.lines();
        }
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"GET /api/token/<redacted>/uses\" 200"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"GET /api/version\" 401"));
        assertThat(String.join("\n", lines)).doesNotContain("SecretName", AdminFixture.SECRET, "hunter2");
    }
}
