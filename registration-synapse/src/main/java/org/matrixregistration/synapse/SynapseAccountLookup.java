package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseJson.MatrixError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Synapse about accounts without changing anything: whether a username is free (a hint for
 * the sign-up page) and whether an account exists (to settle a sign-up whose answer was lost).
 *
 * <p><b>Availability</b> asks {@code /_synapse/admin/v1/username_available} with the optional
 * admin token, else {@code /_matrix/client/v3/register/available}, which works only while Synapse's
 * own registration is open (and which Synapse throttles to about one call per second per client
 * address); otherwise the answer is {@link Availability#UNKNOWN}.
 *
 * <p><b>Existence</b> is exact with the admin token ({@code GET /_synapse/admin/v2/users/{id}}:
 * 200 or 404). Without it, the client API's evidence: the availability check while registration
 * is open, else the public profile ({@code GET /_matrix/client/v3/profile/{id}}). Synapse writes a
 * profile row in the same transaction as the account, and answers a profile without a row with 404
 * {@code M_UNKNOWN} "No row found" (verified on 1.160); a row without display name or avatar is 404
 * {@code M_NOT_FOUND}, which therefore decides nothing. Anything else is {@link Existence#UNKNOWN},
 * never a guess.
 */
final class SynapseAccountLookup {
    private static final Logger LOG = LoggerFactory.getLogger(SynapseAccountLookup.class);
    static final String ADMIN_USERNAME_AVAILABLE = "/_synapse/admin/v1/username_available";
    static final String CLIENT_USERNAME_AVAILABLE = "/_matrix/client/v3/register/available";
    static final String ADMIN_USER = "/_synapse/admin/v2/users/";
    static final String PROFILE = "/_matrix/client/v3/profile/";

    private final SynapseSettings settings;
    private final SynapseHttp http;

    SynapseAccountLookup(SynapseSettings settings, SynapseHttp http) {
        this.settings = settings;
        this.http = http;
    }

    Availability availability(UserId userId) {
        String query = SynapseHttp.query("username", userId.localpart());
        Optional<String> adminToken = settings.adminToken();
        if (adminToken.isPresent()) {
            return availability(userId, http.get(ADMIN_USERNAME_AVAILABLE + query, adminToken.get()), true);
        }
        return availability(userId, http.get(CLIENT_USERNAME_AVAILABLE + query), false);
    }

    /** Through the client API only, whatever the settings: {@code token_store: synapse} asks it so. */
    Availability clientAvailability(UserId userId) {
        return availability(userId, http.get(CLIENT_USERNAME_AVAILABLE + SynapseHttp.query("username", userId.localpart())),
                false);
    }

    Existence exists(UserId userId) {
        String id = URLEncoder.encode(userId.toString(), StandardCharsets.UTF_8);
        Optional<String> adminToken = settings.adminToken();
        if (adminToken.isPresent()) {
            return existence(userId, http.get(ADMIN_USER + id, adminToken.get()), true);
        }
        return switch (availability(userId)) {
            case TAKEN -> Existence.EXISTS;
            case AVAILABLE -> Existence.ABSENT;
            case INVALID, UNKNOWN -> existence(userId, http.get(PROFILE + id), false);
        };
    }

    private Existence existence(UserId userId, Answer answer, boolean asAdmin) {
        if (answer instanceof Failure failure) {
            LOG.debug("Could not check whether {} exists: {}", userId, failure.detail());
            return Existence.UNKNOWN;
        }
        Response response = (Response) answer;
        if (response.status() == 200) {
            return Existence.EXISTS;
        }
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class);
        String errcode = error.map(MatrixError::errcode).orElse("");
        String text = error.map(MatrixError::error).orElse("");
        if (response.status() == 404 && (asAdmin ? errcode.equals("M_NOT_FOUND") : text.startsWith("No row found"))) {
            return Existence.ABSENT;
        }
        LOG.debug("Synapse would not say through {} whether {} exists: HTTP {} {}",
                asAdmin ? "the admin API" : "the public profile", userId, response.status(), errcode);
        return Existence.UNKNOWN;
    }

    private Availability availability(UserId userId, Answer answer, boolean asAdmin) {
        if (answer instanceof Failure failure) {
            LOG.debug("Could not check whether {} is free: {}", userId, failure.detail());
            return Availability.UNKNOWN;
        }
        Response response = (Response) answer;
        int status = response.status();
        if (status == 200) {
            boolean available = SynapseJson.read(response.body(), SynapseJson.UsernameAvailable.class)
                    .map(SynapseJson.UsernameAvailable::available)
                    .orElse(false);
            return available ? Availability.AVAILABLE : Availability.UNKNOWN;
        }
        String errcode = SynapseJson.read(response.body(), MatrixError.class).map(MatrixError::errcode).orElse("");
        if (errcode.equals("M_USER_IN_USE")) {
            return Availability.TAKEN;
        }
        if (errcode.equals("M_INVALID_USERNAME") || errcode.equals("M_EXCLUSIVE")) {
            return Availability.INVALID;
        }
        if (asAdmin && (status == 401 || status == 403)) {
            LOG.warn("Synapse refused homeserver_admin_token (HTTP {} {}): it must be the access token of a Synapse admin",
                    status, errcode);
        } else if (response.redirected()) {
            LOG.warn("server_location {} redirects (HTTP {} to {})", settings.baseUrl(), status,
                    response.location().orElse("nowhere"));
        } else {
            LOG.debug("Synapse would not say whether {} is free: HTTP {} {}", userId, status, errcode);
        }
        return Availability.UNKNOWN;
    }
}
