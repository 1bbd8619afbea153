package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every admin endpoint and every error code, through HTTP, with the right secret. */
class AdminApiIT {
    private AdminFixture api = AdminFixture.start();

    @AfterEach
    void stop() {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body());
    }

    private static void assertError(HttpResponse<String> response, int status, String errcode) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("errcode").asText()).isEqualTo(errcode);
        assertThat(json(response).get("error").isTextual()).isTrue();
    }

    @Test
    void createsATokenFromTheOldBodyAndAnswersTheTokenObject() {
        HttpResponse<String> created = api.post("/api/token", "{\"max_usage\": 1, \"expiration_date\": \"2026-12-31\"}");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode token = json(created);
        assertThat(token.get("name").asText()).matches("([A-Z][a-z]+){3}");
        assertThat(token.get("used").intValue()).isZero();
        assertThat(token.get("expiration_date").asText()).isEqualTo("2026-12-31 00:00:00");
        assertThat(token.get("max_usage").intValue()).isEqualTo(1);
        assertThat(token.get("ips").isArray()).isTrue();
        assertThat(token.get("ips")).isEmpty();
        assertThat(token.get("disabled").booleanValue()).isFalse();
        assertThat(token.get("active").booleanValue()).isTrue();
        assertThat(token.get("note").asText()).isEmpty();
        assertThat(token.get("created_at").asText()).isEqualTo("2026-11-27T12:00:00Z");
        assertThat(token.get("expires_at").asText()).isEqualTo("2026-12-31T00:00:00Z");
        assertThat(token.has("invite_url")).isFalse();
        assertThat(json(api.get("/api/token/" + token.get("name").asText()))).isEqualTo(token);
    }

    @Test
    void createsWithAChosenNameANoteAndTheDefaults() {
        JsonNode token = json(api.post("/api/token", "{\"name\": \"ForAlice\", \"note\": \"for Alice\"}"));
        assertThat(token.get("name").asText()).isEqualTo("ForAlice");
        assertThat(token.get("note").asText()).isEqualTo("for Alice");
        assertThat(token.get("max_usage").intValue()).as("one use unless asked").isEqualTo(1);
        assertThat(token.get("expiration_date").isNull()).isTrue();
        assertThat(token.get("expires_at").isNull()).isTrue();

        assertError(api.post("/api/token", "{\"name\": \"ForAlice\"}"), 409, "MR_TOKEN_EXISTS");
        assertThat(json(api.post("/api/token", "{\"max_usage\": 0}")).get("max_usage").intValue()).isZero();
        assertThat(json(api.post("/api/token", "{\"max_usage\": false}")).get("max_usage").intValue()).isZero();
        HttpResponse<String> noBody = api.send(api.admin("/api/token").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noBody.statusCode()).isEqualTo(200);
        assertThat(json(api.post("/api/token", "{\"unknown\": 1, \"expiration_date\": null}")).get("name").isTextual())
                .as("unknown fields are ignored on create, as before").isTrue();
    }

    @Test
    void readsEveryAcceptedDateFormAndAnswersInTheServerZoneAndUtc() {
        api.close();
        api = AdminFixture.start(s -> s.zone(ZoneId.of("Europe/Berlin")));
        assertDates("2026-12-31", "2026-12-31 00:00:00", "2026-12-30T23:00:00Z");
        assertDates("2026-12-31T18:00:00+01:00", "2026-12-31 18:00:00", "2026-12-31T17:00:00Z");
        assertDates("2026-12-31T18:00:00Z", "2026-12-31 19:00:00", "2026-12-31T18:00:00Z");
        assertDates("2026-12-31 18:30:00", "2026-12-31 18:30:00", "2026-12-31T17:30:00Z");
        assertDates("2026-12-31T18:30", "2026-12-31 18:30:00", "2026-12-31T17:30:00Z");
    }

    private void assertDates(String given, String legacy, String iso) {
        JsonNode token = json(api.post("/api/token", "{\"expiration_date\": \"" + given + "\"}"));
        assertThat(token.get("expiration_date").asText()).as(given).isEqualTo(legacy);
        assertThat(token.get("expires_at").asText()).as(given).isEqualTo(iso);
    }

    @Test
    void refusesDatesItCannotReadWithTheOldErrorCode() {
        assertError(api.post("/api/token", "{\"expiration_date\": \"31.12.2026\"}"), 400, "MR_BAD_DATE_FORMAT");
        assertError(api.post("/api/token", "{\"expiration_date\": 20261231}"), 400, "MR_BAD_DATE_FORMAT");
        assertError(api.post("/api/token", "{\"expiration_date\": \"2026-02-30\"}"), 400, "MR_BAD_DATE_FORMAT");
        api.post("/api/token", "{\"name\": \"Kept\", \"expiration_date\": \"2027-01-01\"}");

        assertError(api.patch("/api/token/Kept", "{\"expiration_date\": \"tomorrow\", \"max_usage\": 9}"), 400,
                "MR_BAD_DATE_FORMAT");

        JsonNode kept = json(api.get("/api/token/Kept"));
        assertThat(kept.get("expiration_date").asText()).isEqualTo("2027-01-01 00:00:00");
        assertThat(kept.get("max_usage").intValue()).isEqualTo(1);
    }

    @Test
    void refusesMalformedCreateRequests() {
        assertError(api.post("/api/token", "{\"max_usage\": -1}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"max_usage\": \"1\"}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"max_usage\": 1.5}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"name\": \"no spaces\"}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"note\": 5}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "[1]"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"max_usage\": "), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"expiration_date\": \"2026-01-01\"}"), 400, "MR_BAD_USER_REQUEST");
        assertThat(json(api.get("/api/token"))).as("nothing was created").isEmpty();
    }

    @Test
    void listsEveryTokenAsABareArrayAndFiltersAndPagesOnRequest() {
        api.post("/api/token", "{\"name\": \"First\"}");
        api.clock.advance(java.time.Duration.ofMinutes(1));
        api.post("/api/token", "{\"name\": \"Second\"}");
        api.clock.advance(java.time.Duration.ofMinutes(1));
        api.post("/api/token", "{\"name\": \"Third\"}");
        api.patch("/api/token/Second", "{\"disabled\": true}");

        HttpResponse<String> all = api.get("/api/token");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).isArray()).isTrue();
        assertThat(json(all).findValuesAsText("name")).containsExactly("First", "Second", "Third");
        assertThat(all.headers().firstValue("X-Total-Count")).hasValue("3");

        assertThat(json(api.get("/api/token?active=true")).findValuesAsText("name")).containsExactly("First", "Third");
        HttpResponse<String> inactive = api.get("/api/token?active=false");
        assertThat(json(inactive).findValuesAsText("name")).containsExactly("Second");
        assertThat(inactive.headers().firstValue("X-Total-Count")).hasValue("1");
        HttpResponse<String> page = api.get("/api/token?limit=1&offset=1");
        assertThat(json(page).findValuesAsText("name")).containsExactly("Second");
        assertThat(page.headers().firstValue("X-Total-Count")).hasValue("3");

        java.util.List<String> paged = new java.util.ArrayList<>();
        HttpResponse<String> byCursor = api.get("/api/token?limit=2");
        paged.addAll(json(byCursor).findValuesAsText("name"));
        String next = byCursor.headers().firstValue("Link").orElseThrow();
        assertThat(next).matches("<.*/api/token\\?limit=2&after=[0-9]+-Second>; rel=\"next\"");
        byCursor = api.get(next.substring(next.indexOf("/api/"), next.indexOf('>')));
        paged.addAll(json(byCursor).findValuesAsText("name"));
        assertThat(paged).containsExactly("First", "Second", "Third");
        assertThat(byCursor.headers().firstValue("Link")).as("the last page").isEmpty();
        assertThat(byCursor.headers().firstValue("X-Total-Count")).as("not counted when paging by cursor").isEmpty();

        assertError(api.get("/api/token?limit=1&after=yesterday"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.get("/api/token?limit=0"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.get("/api/token?limit=1001"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.get("/api/token?offset=-1"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.get("/api/token?active=maybe"), 400, "MR_BAD_USER_REQUEST");
    }

    @Test
    void changesOnlySettingsAndNeverFacts() {
        api.post("/api/token", "{\"name\": \"Changing\", \"max_usage\": 2, \"expiration_date\": \"2027-01-01\"}");

        JsonNode disabled = json(api.patch("/api/token/Changing", "{\"disabled\": true}"));
        assertThat(disabled.get("disabled").booleanValue()).isTrue();
        assertThat(disabled.get("active").booleanValue()).isFalse();

        HttpResponse<String> changed = api.patch("/api/token/Changing",
                "{\"disabled\": false, \"max_usage\": 0, \"expiration_date\": null, \"note\": \"for Bob\"}");
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode token = json(changed);
        assertThat(token.get("disabled").booleanValue()).isFalse();
        assertThat(token.get("active").booleanValue()).isTrue();
        assertThat(token.get("max_usage").intValue()).isZero();
        assertThat(token.get("expiration_date").isNull()).isTrue();
        assertThat(token.get("note").asText()).isEqualTo("for Bob");

        for (String fact : new String[] {"{\"used\": 0}", "{\"name\": \"Other\"}", "{\"ips\": []}",
                "{\"active\": true}", "{\"max_usage\": 3, \"used\": 0}", "{\"colour\": \"red\"}", "{}"}) {
            assertError(api.patch("/api/token/Changing", fact), 400, "MR_BAD_USER_REQUEST");
        }
        assertError(api.patch("/api/token/Changing", "{\"disabled\": \"yes\"}"), 400, "MR_BAD_USER_REQUEST");
        assertThat(json(api.get("/api/token/Changing"))).as("refused changes change nothing").isEqualTo(token);
        assertError(api.patch("/api/token/Nobody", "{\"disabled\": true}"), 404, "MR_TOKEN_NOT_FOUND");
    }

    @Test
    void getsAndDeletesByNameAndSaysWhenThereIsNone() {
        api.post("/api/token", "{\"name\": \"Doomed\"}");

        HttpResponse<String> missing = api.get("/api/token/Nobody");
        assertError(missing, 404, "MR_TOKEN_NOT_FOUND");
        assertThat(json(missing).get("error").asText()).isEqualTo("token does not exist");
        assertError(api.get("/api/token/not%20a%20name"), 404, "MR_TOKEN_NOT_FOUND");

        HttpResponse<String> deleted = api.delete("/api/token/Doomed");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"success\":\"true\"}");
        assertError(api.get("/api/token/Doomed"), 404, "MR_TOKEN_NOT_FOUND");
        assertError(api.delete("/api/token/Doomed"), 404, "MR_TOKEN_NOT_FOUND");
    }

    @Test
    void listsTheUsesOfATokenWithUserTimeAndAddress() {
        api.post("/api/token", "{\"name\": \"Shared\", \"max_usage\": 0}");
        HttpResponse<String> signUp = api.send(api.request("/register").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"alice\", \"password\": \"correct horse\", "
                        + "\"confirm\": \"correct horse\", \"token\": \"Shared\"}")));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(200);

        HttpResponse<String> uses = api.get("/api/token/Shared/uses");
        assertThat(uses.statusCode()).isEqualTo(200);
        assertThat(json(uses)).hasSize(1);
        JsonNode use = json(uses).get(0);
        assertThat(use.get("user_id").asText()).isEqualTo("@alice:example.org");
        assertThat(use.get("used_at").asText()).isEqualTo(AdminFixture.START);
        assertThat(use.get("client_address").asText()).isEqualTo("127.0.0.1");
        JsonNode token = json(api.get("/api/token/Shared"));
        assertThat(token.get("used").intValue()).isEqualTo(1);
        assertThat(token.get("ips").get(0).asText()).isEqualTo("127.0.0.1");

        assertError(api.get("/api/token/Nobody/uses"), 404, "MR_TOKEN_NOT_FOUND");
    }

    @Test
    void answersTheVersion() {
        HttpResponse<String> version = api.get("/api/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.body()).isEqualTo("{\"version\":\"1.2.3\"}");
    }

    @Test
    void addsAnInviteLinkWhenThePublicUrlIsKnown() {
        api.close();
        api = AdminFixture.start(s -> s.publicUrl(URI.create("https://chat.example.org/element/")));
        JsonNode token = json(api.post("/api/token", "{\"name\": \"Linked\"}"));
        assertThat(token.get("invite_url").asText()).isEqualTo("https://chat.example.org/element/register?token=Linked");
        assertThat(json(api.get("/api/token")).get(0).get("invite_url").asText()).endsWith("?token=Linked");
    }
}
