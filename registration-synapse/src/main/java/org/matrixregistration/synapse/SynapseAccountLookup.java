package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.synapse.SynapseAnswer.Kind;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
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
    private final boolean clientApiOnly;

    /**
     * @param clientApiOnly whether availability is asked through the client API whatever the
     *                      settings, as {@code token_store: synapse} asks it: its sign-ups go through that API
     */
    SynapseAccountLookup(SynapseSettings settings, SynapseHttp http, boolean clientApiOnly) {
        this.settings = settings;
        this.http = http;
        this.clientApiOnly = clientApiOnly;
    }

    Availability availability(UserId userId) {
        String query = SynapseHttp.query("username", userId.localpart());
        Optional<String> adminToken = clientApiOnly ? Optional.empty() : settings.adminToken();
        if (adminToken.isPresent()) {
            return availability(userId, http.get(ADMIN_USERNAME_AVAILABLE + query, adminToken.get()), true);
        }
        return availability(userId, http.get(CLIENT_USERNAME_AVAILABLE + query), false);
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
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        if (answered.kind() == Kind.SUCCESS) {
            return Existence.EXISTS;
        }
        // The profile's M_NOT_FOUND is a row without a display name or avatar: an account.
        if (answered.kind() == (asAdmin ? Kind.NOT_FOUND : Kind.NO_PROFILE)) {
            return Existence.ABSENT;
        }
        LOG.debug("Synapse would not say through {} whether {} exists: {}",
                asAdmin ? "the admin API" : "the public profile", userId, answered.describe());
        return Existence.UNKNOWN;
    }

    private Availability availability(UserId userId, Answer answer, boolean asAdmin) {
        if (answer instanceof Failure failure) {
            LOG.debug("Could not check whether {} is free: {}", userId, failure.detail());
            return Availability.UNKNOWN;
        }
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        return switch (answered.kind()) {
            case SUCCESS -> SynapseJson.read(answered.response().body(), SynapseJson.UsernameAvailable.class)
                    .map(SynapseJson.UsernameAvailable::available)
                    .orElse(false) ? Availability.AVAILABLE : Availability.UNKNOWN;
            case USER_IN_USE -> Availability.TAKEN;
            case INVALID_USERNAME, EXCLUSIVE -> Availability.INVALID;
            default -> {
                logUnknownAvailability(userId, answered, asAdmin);
                yield Availability.UNKNOWN;
            }
        };
    }

    /** A redirect or a refused admin token is for the admin to fix; anything else is Synapse's choice. */
    private void logUnknownAvailability(UserId userId, SynapseAnswer answer, boolean asAdmin) {
        Optional<String> advice = answer.kind() == Kind.REDIRECTED
                ? Optional.of(SetupAdvice.redirect(settings.baseUrl(), answer))
                : asAdmin ? SetupAdvice.adminToken(answer) : Optional.empty();
        if (advice.isPresent()) {
            LOG.warn("Could not ask whether {} is free ({}): {}", userId, answer.describe(), advice.get());
        } else {
            LOG.debug("Synapse would not say whether {} is free: {}", userId, answer.describe());
        }
    }
}
