package org.matrixregistration.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.matrixregistration.core.account.UserId;

/**
 * Tokens that require approval and the requests API, through HTTP, over in-memory ports that lock
 * and erase accounts as Synapse does (the real Synapse is in dist's end-to-end test).
 */
class ApprovalApiIT {
    private static final UserId ALICE = new UserId("alice", "example.org");
    private static final UserId BOB = new UserId("bob", "example.org");

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
        assertThat(json(response).get("errcode").asText()).isEqualTo(errcode);
    }

    private String approvalToken(int uses) {
        HttpResponse<String> created = api.post("/api/token", "{\"max_usage\": " + uses + ", \"requires_approval\": true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created).get("requires_approval").booleanValue()).isTrue();
        return json(created).get("name").asText();
    }

    private JsonNode onlyRequest(String status) {
        JsonNode list = json(api.get("/api/requests?status=" + status));
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void aSignUpWaitsLockedAndItsUseCountsUntilApproved() {
        String token = approvalToken(1);

        HttpResponse<String> signUp = api.signUp("alice", token);

        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(202);
        JsonNode answer = json(signUp);
        assertThat(answer.get("status").asText()).isEqualTo("pending_approval");
        assertThat(answer.get("user_id").asText()).isEqualTo("@alice:example.org");
        assertThat(answer.get("home_server").asText()).isEqualTo("example.org");
        assertThat(api.homeserver.isLocked(ALICE)).isTrue();
        assertThat(api.signUp("bob", token).statusCode()).as("the one use is held by the request").isEqualTo(400);

        JsonNode request = onlyRequest("pending");
        assertThat(request.get("user_id").asText()).isEqualTo("@alice:example.org");
        assertThat(request.get("token").asText()).isEqualTo(token);
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(request.get("requested_at").asText()).isEqualTo(AdminFixture.START);
        assertThat(request.get("decided_at").isNull()).isTrue();
        assertThat(request.get("reason").isNull()).isTrue();
        assertThat(json(api.get("/api/token/" + token)).get("pending").intValue()).isEqualTo(1);

        api.clock.advance(Duration.ofMinutes(5));
        HttpResponse<String> approved = api.post("/api/requests/" + request.get("id").asText() + "/approve", "");

        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).get("status").asText()).isEqualTo("approved");
        assertThat(json(approved).get("decided_at").asText()).isEqualTo("2026-11-27T12:05:00Z");
        assertThat(api.homeserver.isLocked(ALICE)).isFalse();
        JsonNode used = json(api.get("/api/token/" + token));
        assertThat(used.get("used").intValue()).isEqualTo(1);
        assertThat(used.get("pending").intValue()).isZero();
        assertThat(json(api.get("/api/requests?status=pending"))).isEmpty();
        assertThat(onlyRequest("approved").get("id")).isEqualTo(request.get("id"));
    }

    @Test
    void aDenialErasesTheAccountAndGivesTheUseBack() {
        String token = approvalToken(1);
        api.signUp("alice", token);
        String id = onlyRequest("pending").get("id").asText();

        HttpResponse<String> denied = api.post("/api/requests/" + id + "/deny", "{\"reason\": \"I do not know you\"}");

        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
        assertThat(json(denied).get("status").asText()).isEqualTo("denied");
        assertThat(json(denied).get("reason").asText()).isEqualTo("I do not know you");
        assertThat(api.homeserver.isErased(ALICE)).isTrue();
        JsonNode free = json(api.get("/api/token/" + token));
        assertThat(free.get("used").intValue()).isZero();
        assertThat(free.get("pending").intValue()).isZero();
        assertThat(api.signUp("bob", token).statusCode()).as("the use is free again").isEqualTo(202);
        assertThat(api.homeserver.isLocked(BOB)).isTrue();
    }

    @Test
    void oneDecisionWinsAndTheOtherGetsAConflict() throws Exception {
        String token = approvalToken(1);
        api.signUp("alice", token);
        String id = onlyRequest("pending").get("id").asText();

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<HttpResponse<String>> approve = () -> api.post("/api/requests/" + id + "/approve", "");
            Callable<HttpResponse<String>> deny = () -> api.post("/api/requests/" + id + "/deny", "");
            List<Future<HttpResponse<String>>> both = pool.invokeAll(List.of(approve, deny));
            List<Integer> statuses = List.of(both.get(0).get().statusCode(), both.get(1).get().statusCode());
            assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        } finally {
            pool.shutdownNow();
        }
        assertError(api.post("/api/requests/" + id + "/approve", ""), 409, "MR_REQUEST_DECIDED");
        assertError(api.post("/api/requests/" + id + "/deny", ""), 409, "MR_REQUEST_DECIDED");
        JsonNode token1 = json(api.get("/api/token/" + token));
        assertThat(token1.get("used").intValue() + token1.get("pending").intValue())
                .as("approved: one use; denied: none").isLessThanOrEqualTo(1);
    }

    @Test
    void answersUnknownRequestsAndBadInputClearly() {
        assertError(api.post("/api/requests/00000000-0000-0000-0000-000000000000/approve", ""), 404, "MR_REQUEST_NOT_FOUND");
        assertError(api.post("/api/requests/not-an-id/deny", ""), 404, "MR_REQUEST_NOT_FOUND");
        assertError(api.get("/api/requests?status=maybe"), 400, "MR_BAD_USER_REQUEST");
        String token = approvalToken(1);
        api.signUp("alice", token);
        String id = onlyRequest("pending").get("id").asText();
        assertError(api.post("/api/requests/" + id + "/deny", "{\"reason\": 42}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/requests/" + id + "/deny", "{\"reason\": \"" + "x".repeat(501) + "\"}"), 400,
                "MR_BAD_USER_REQUEST");
        assertThat(onlyRequest("pending").get("id").asText()).as("nothing changed").isEqualTo(id);
        assertThat(json(api.get("/api/requests"))).as("every status").hasSize(1);
        assertThat(api.send(api.request("/api/requests").GET()).statusCode()).as("without the secret").isEqualTo(401);
    }

    @Test
    void theSettingIsChangedOnUpdateAndChecked() {
        String name = json(api.post("/api/token", "{\"max_usage\": 2}")).get("name").asText();
        assertThat(json(api.get("/api/token/" + name)).get("requires_approval").booleanValue()).isFalse();

        JsonNode changed = json(api.patch("/api/token/" + name, "{\"requires_approval\": true}"));

        assertThat(changed.get("requires_approval").booleanValue()).isTrue();
        assertError(api.patch("/api/token/" + name, "{\"requires_approval\": \"yes\"}"), 400, "MR_BAD_USER_REQUEST");
        assertError(api.post("/api/token", "{\"requires_approval\": 1}"), 400, "MR_BAD_USER_REQUEST");
        assertThat(api.signUp("alice", name).statusCode()).isEqualTo(202);
        assertThat(json(api.patch("/api/token/" + name, "{\"requires_approval\": false}")).get("requires_approval")
                .booleanValue()).isFalse();
        assertThat(api.signUp("bob", name).statusCode()).as("a plain sign-up again").isEqualTo(200);
        assertThat(api.homeserver.isLocked(BOB)).isFalse();
    }

    @Test
    void withoutTheAdminTokenNothingRequiresApproval() {
        api.close();
        api = AdminFixture.withoutApproval();

        HttpResponse<String> refused = api.post("/api/token", "{\"requires_approval\": true}");

        assertError(refused, 400, "MR_APPROVAL_UNAVAILABLE");
        assertThat(json(refused).get("error").asText()).contains("homeserver_admin_token");
        String name = json(api.post("/api/token", "{}")).get("name").asText();
        assertError(api.patch("/api/token/" + name, "{\"requires_approval\": true}"), 400, "MR_APPROVAL_UNAVAILABLE");
        assertThat(json(api.get("/api/token/" + name)).get("requires_approval").booleanValue()).isFalse();
        assertThat(json(api.patch("/api/token/" + name, "{\"requires_approval\": false}")).get("requires_approval")
                .booleanValue()).as("turning it off is always allowed").isFalse();
        assertError(api.post("/api/requests/00000000-0000-0000-0000-000000000000/approve", ""), 400,
                "MR_APPROVAL_UNAVAILABLE");
    }
}
