package org.matrixregistration.testkit;

import static org.matrixregistration.testkit.SynapseHttp.readTree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * How a client's registration through Synapse's client API ended
 * ({@link SynapseContainer#registerWithToken}): the user ID, or the refusing step's status and
 * error code.
 *
 * @param userId the new account's Matrix ID, when it was made
 * @param errcode the Matrix error code, or {@code HTTP <status>} when the answer had none
 * @param status the HTTP status of the last step
 */
public record ClientRegistration(Optional<String> userId, Optional<String> errcode, int status) {
    private static final String REGISTER = "/_matrix/client/v3/register";

    /** Whether the account was made. */
    public boolean registered() {
        return userId.isPresent();
    }

    /** The three steps Element takes: no auth (a session), the token stage, the dummy stage. */
    static ClientRegistration throughClientApi(SynapseHttp http, String localpart, String password, String token) {
        ObjectNode body = SynapseHttp.JSON.createObjectNode();
        body.put("username", localpart);
        body.put("password", password);
        body.put("inhibit_login", true);
        HttpResponse<String> first = http.send("POST", REGISTER, null, body);
        JsonNode answer = readTree(first);
        if (first.statusCode() != 401 || !answer.hasNonNull("session")) {
            return refused(first.statusCode(), answer);
        }
        String session = answer.path("session").asText();
        body.putObject("auth").put("type", "m.login.registration_token").put("token", token).put("session", session);
        HttpResponse<String> tokenStage = http.send("POST", REGISTER, null, body);
        JsonNode afterToken = readTree(tokenStage);
        if (tokenStage.statusCode() == 200) {
            return made(afterToken);
        }
        if (tokenStage.statusCode() != 401 || afterToken.has("errcode")) {
            return refused(tokenStage.statusCode(), afterToken);
        }
        body.putObject("auth").put("type", "m.login.dummy").put("session", session);
        HttpResponse<String> dummy = http.send("POST", REGISTER, null, body);
        JsonNode done = readTree(dummy);
        return dummy.statusCode() == 200 ? made(done) : refused(dummy.statusCode(), done);
    }

    private static ClientRegistration made(JsonNode answer) {
        return new ClientRegistration(Optional.of(answer.path("user_id").asText()), Optional.empty(), 200);
    }

    private static ClientRegistration refused(int status, JsonNode answer) {
        return new ClientRegistration(Optional.empty(), Optional.of(answer.path("errcode").asText("HTTP " + status)), status);
    }
}
