package org.matrixregistration.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.web.testing.PortalFixture;

/** {@code POST /register} for scripts: exactly the JSON the old tool gave, minus the access token. */
class SignUpJsonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private PortalFixture portal;

    @BeforeEach
    void start() {
        portal = PortalFixture.start();
        portal.addToken("DoubleWizardSki", 1);
    }

    @AfterEach
    void stop() {
        portal.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void createsTheAccountAndAnswersLikeTheOldTool() throws Exception {
        HttpResponse<String> response = portal.postForm("/register",
                "username=%40Alice%3Aexample.org&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"user_id\":\"@alice:example.org\",\"home_server\":\"example.org\",\"status\":\"success\",\"status_code\":200}");
        assertThat(portal.homeserver().accounts().accounts()).containsExactly(new UserId("alice", "example.org"));
        assertThat(portal.tokens().uses(new TokenName("DoubleWizardSki")))
                .singleElement()
                .satisfies(use -> assertThat(use.clientAddress()).hasValue("127.0.0.1"));
        assertThat(json(response).has("access_token")).isFalse();
    }

    @Test
    void acceptsAJsonBodyWithADisplayName() throws Exception {
        HttpResponse<String> response = portal.postJson("/register",
                "{\"username\":\"bob\",\"password\":\"correct horse\",\"confirm\":\"correct horse\","
                        + "\"token\":\"DoubleWizardSki\",\"displayname\":\"Bob B.\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("user_id").asText()).isEqualTo("@bob:example.org");
        assertThat(portal.homeserver().accounts().displayName(new UserId("bob", "example.org"))).hasValue("Bob B.");
    }

    @Test
    void reportsEveryInvalidFieldByName() throws Exception {
        HttpResponse<String> response = portal.postForm("/register", "username=_Bad+Name&password=short&confirm=other&token=");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("errcode").asText()).isEqualTo("MR_BAD_USER_REQUEST");
        assertThat(body.get("error").fieldNames()).toIterable().containsExactly("username", "password", "confirm", "token");
        assertThat(body.at("/error/password/0").asText()).isEqualTo("The password must have at least 8 characters.");
        assertThat(body.at("/error/token/0").asText()).isEqualTo("Enter your invite token.");
        assertThat(portal.homeserver().creations()).isZero();
    }

    @Test
    void reportsARefusedTokenUnderToken() throws Exception {
        portal.postForm("/register", "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        HttpResponse<String> response = portal.postForm("/register",
                "username=carol&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(
                "{\"errcode\":\"MR_BAD_USER_REQUEST\",\"error\":{\"token\":[\"This invite token has already been used up.\"]}}");
    }

    @Test
    void reportsTheOtherFieldsAndARefusedTokenInOneAnswer() {
        portal.postForm("/register", "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        HttpResponse<String> response = portal.postForm("/register", "username=_carol&password=short&confirm=other"
                + "&displayname=" + "x".repeat(257) + "&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"MR_BAD_USER_REQUEST\",\"error\":{"
                + "\"username\":[\"A username may not start with '_'.\"],"
                + "\"password\":[\"The password must have at least 8 characters.\"],"
                + "\"confirm\":[\"The passwords do not match.\"],"
                + "\"displayname\":[\"The display name may have at most 256 characters.\"],"
                + "\"token\":[\"This invite token has already been used up.\"]}}");
        assertThat(portal.homeserver().creations()).isEqualTo(1);
    }

    @Test
    void passesOnATakenName() {
        portal.addToken("SecondTokenHere", 0);
        portal.postForm("/register", "username=alice&password=correct+horse&confirm=correct+horse&token=SecondTokenHere");

        HttpResponse<String> response = portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_USER_IN_USE\",\"error\":\"User ID already taken.\"}");
    }

    @Test
    void passesOnTheHomeserversOwnRefusal() {
        portal.homeserver().answerWith(account -> new AccountCreation.Rejected("M_INVALID_USERNAME", "User ID can only contain ..."));

        HttpResponse<String> response = portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"errcode\":\"M_INVALID_USERNAME\",\"error\":\"User ID can only contain ...\"}");
    }

    @Test
    void saysWhenTheHomeserverIsDownAndWhenToComeBack() throws Exception {
        portal.homeserver().answerWith(account -> new AccountCreation.RateLimited(Optional.of(Duration.ofMillis(2500))));

        HttpResponse<String> response = portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(json(response).get("errcode").asText()).isEqualTo("MR_HOMESERVER_UNAVAILABLE");
    }

    @Test
    void hidesTheDetailsOfAMisconfiguration() throws Exception {
        portal.homeserver().answerWith(account -> new AccountCreation.Misconfigured(
                "Synapse at http://10.0.0.5:8008 refused the shared secret"));

        HttpResponse<String> response = portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("errcode").asText()).isEqualTo("MR_HOMESERVER_MISCONFIGURED");
        assertThat(response.body()).doesNotContain("10.0.0.5", "shared secret");
    }

    @Test
    void answersABugWithAPlain500() throws Exception {
        portal.homeserver().answerWith(account -> {
            throw new IllegalStateException("a bug with a secret-looking detail: hunter2");
        });

        HttpResponse<String> response = portal.postForm("/register",
                "username=alice&password=correct+horse&confirm=correct+horse&token=DoubleWizardSki");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).get("errcode").asText()).isEqualTo("MR_INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("hunter2", "Exception", "at org.");
    }
}
