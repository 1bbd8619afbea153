package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.matrixregistration.web.testing.PortalFixture;

/** {@code GET /register/available}: the username hint, and its own rate limit. */
class AvailabilityIT {

    @Test
    void tellsWhetherANameIsFree() {
        try (PortalFixture portal = PortalFixture.start()) {
            portal.addToken("DoubleWizardSki", 0);
            assertThat(portal.get("/register/available?username=Alice").body())
                    .isEqualTo("{\"user_id\":\"@alice:example.org\",\"availability\":\"available\"}");
            portal.postForm("/register", "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");
            HttpResponse<String> taken = portal.get("/register/available?username=%40alice%3Aexample.org");
            assertThat(taken.statusCode()).isEqualTo(200);
            assertThat(taken.body()).isEqualTo("{\"user_id\":\"@alice:example.org\",\"availability\":\"taken\"}");
            assertThat(taken.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void answersInvalidNamesItselfWithoutAskingTheHomeserver() {
        try (PortalFixture portal = PortalFixture.start()) {
            HttpResponse<String> invalid = portal.get("/register/available?username=_bridge");
            assertThat(invalid.body()).contains("\"availability\":\"invalid\"", "\"code\":\"username_underscore\"");
            assertThat(portal.get("/register/available").body()).contains("username_required");
            assertThat(portal.homeserver().lookups()).isZero();
        }
    }

    @Test
    void isRateLimitedOnItsOwn() {
        try (PortalFixture portal = PortalFixture.start(s -> s.availabilityLimits(List.of("2 per minute")))) {
            assertThat(portal.get("/register/available?username=a1").statusCode()).isEqualTo(200);
            assertThat(portal.get("/register/available?username=a2").statusCode()).isEqualTo(200);
            assertThat(portal.get("/register/available?username=a3").statusCode()).isEqualTo(429);
            assertThat(portal.homeserver().lookups()).isEqualTo(2);
            assertThat(portal.get("/register").statusCode()).isEqualTo(200);
        }
    }
}
