package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.testing.PortalFixture;

/** Rate limits per client address, the stricter limit on refused tokens, and whom to believe about addresses. */
class RateLimitIT {

    @Test
    void refusesTheRequestAfterTheLimitWithRetryAfter() {
        try (PortalFixture portal = PortalFixture.start(s -> s.rateLimits(List.of("3 per minute", "100 per day")))) {
            for (int i = 0; i < 3; i++) {
                assertThat(portal.get("/register").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> limited = portal.get("/register");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(limited.body()).contains("M_LIMIT_EXCEEDED", "retry_after_ms");
            assertThat(portal.postForm("/register", "username=alice").statusCode()).isEqualTo(429);

            HttpResponse<String> page = portal.send(portal.request("/register").header("Accept", "text/html")
                    .header("Accept-Language", "de"));
            assertThat(page.statusCode()).isEqualTo(429);
            assertThat(page.body()).contains("Zu viele Versuche.");

            for (int i = 0; i < 10; i++) {
                assertThat(portal.get("/health").statusCode()).as("health is never limited").isEqualTo(200);
            }
        }
    }

    @Test
    void stopsTokenGuessingWithoutReachingTheHomeserver() {
        try (PortalFixture portal = PortalFixture.start(s -> s.failedTokenLimits(List.of("3 per hour")))) {
            portal.addToken("DoubleWizardSki", 0);
            for (String guess : List.of("GuessOne", "GuessTwo", "GuessThree")) {
                HttpResponse<String> refused = portal.postForm("/register",
                        "username=alice&password=correct+horse&confirm=correct+horse&token=" + guess);
                assertThat(refused.statusCode()).isEqualTo(400);
            }

            HttpResponse<String> blocked = portal.postForm("/register",
                    "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

            assertThat(blocked.statusCode()).isEqualTo(429);
            assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
            assertThat(portal.homeserver().creations()).isZero();
            assertThat(portal.get("/register").statusCode()).as("the page itself stays reachable").isEqualTo(200);
        }
    }

    @Test
    void doesNotCountMistakesOtherThanTheToken() {
        try (PortalFixture portal = PortalFixture.start(s -> s.failedTokenLimits(List.of("1 per hour")))) {
            portal.addToken("DoubleWizardSki", 0);
            for (int i = 0; i < 3; i++) {
                assertThat(portal.postForm("/register", "username=alice&password=short&confirm=short&token=DoubleWizardSki")
                        .statusCode()).isEqualTo(400);
            }
            assertThat(portal.postForm("/register",
                    "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void believesForwardedForOnlyFromTrustedProxies() {
        try (PortalFixture trusting = PortalFixture.start(s -> s.rateLimits(List.of("2 per minute")))) {
            for (int client = 1; client <= 3; client++) {
                for (int i = 0; i < 2; i++) {
                    assertThat(trusting.send(trusting.request("/register")
                            .header("X-Forwarded-For", "203.0.113." + client)).statusCode())
                            .as("loopback is a trusted proxy: each forwarded client has its own allowance")
                            .isEqualTo(200);
                }
            }
            assertThat(trusting.portal().untrustedForwardedRequests()).isZero();
        }
        try (PortalFixture distrusting = PortalFixture.start(s -> s.rateLimits(List.of("2 per minute"))
                .trustedProxies(List.of("192.0.2.1")))) {
            assertThat(distrusting.send(distrusting.request("/register").header("X-Forwarded-For", "203.0.113.1"))
                    .statusCode()).isEqualTo(200);
            assertThat(distrusting.send(distrusting.request("/register").header("X-Forwarded-For", "203.0.113.2"))
                    .statusCode()).isEqualTo(200);
            assertThat(distrusting.send(distrusting.request("/register").header("X-Forwarded-For", "203.0.113.3"))
                    .statusCode()).as("a client cannot pick its own key").isEqualTo(429);
            assertThat(distrusting.portal().untrustedForwardedRequests())
                    .as("counted: the sign of a proxy missing from trusted_proxies").isEqualTo(3);
            distrusting.get("/register");
            assertThat(distrusting.portal().untrustedForwardedRequests()).as("requests without the header").isEqualTo(3);
        }
    }

    /**
     * Behind a trusted proxy the limits count the forwarded client, not the proxy: one client that
     * spends its allowance is refused, while another behind the same proxy is not, and a client
     * cannot escape by writing addresses of its own to the left of what the proxy appended.
     */
    @Test
    void refusesAForwardedClientThatSpentItsAllowanceButNotItsNeighbours() {
        try (PortalFixture portal = PortalFixture.start(s -> s.rateLimits(List.of("2 per minute"))
                .failedTokenLimits(List.of("1 per hour")))) {
            for (int i = 0; i < 2; i++) {
                assertThat(forwardedFor(portal, "203.0.113.7").statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = forwardedFor(portal, "203.0.113.7");
            assertThat(refused.statusCode()).as("the forwarded client is counted").isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(forwardedFor(portal, "198.51.100.1, 203.0.113.7").statusCode())
                    .as("an address the client wrote itself changes nothing").isEqualTo(429);

            assertThat(forwardedFor(portal, "203.0.113.8").statusCode()).as("another client of the proxy").isEqualTo(200);
            assertThat(portal.get("/register").statusCode()).as("the proxy's own requests").isEqualTo(200);

            String guess = "username=alice&password=correct+horse&confirm=correct+horse&token=Guessed";
            assertThat(postForwardedFor(portal, "203.0.113.9", guess).statusCode()).isEqualTo(400);
            assertThat(postForwardedFor(portal, "203.0.113.9", guess).statusCode())
                    .as("token guesses are counted per forwarded client too").isEqualTo(429);
            assertThat(postForwardedFor(portal, "203.0.113.10", guess).statusCode()).isEqualTo(400);
        }
    }

    private static HttpResponse<String> forwardedFor(PortalFixture portal, String chain) {
        return portal.send(portal.request("/register").header("X-Forwarded-For", chain));
    }

    private static HttpResponse<String> postForwardedFor(PortalFixture portal, String chain, String form) {
        return portal.send(portal.request("/register").header("X-Forwarded-For", chain)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void recordsTheForwardedClientWithTheTokenUse() {
        try (PortalFixture portal = PortalFixture.start()) {
            portal.addToken("DoubleWizardSki", 0);
            portal.send(portal.request("/register")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-For", "198.51.100.23, 203.0.113.9")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki")));
            assertThat(portal.tokens().uses(new TokenName("DoubleWizardSki")))
                    .singleElement()
                    .satisfies(use -> assertThat(use.clientAddress()).hasValue("203.0.113.9"));
        }
    }
}
