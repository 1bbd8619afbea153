package org.matrixregistration.synapse;

import java.net.URI;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;

/**
 * What an admin must fix when Synapse's answers show that the settings, Synapse's configuration or a
 * reverse proxy in between are wrong: one sentence per problem, each naming the setting, for
 * {@code AccountCreation.Misconfigured}, health reports and exception messages alike. No sentence
 * holds a secret.
 */
final class SetupAdvice {
    static final String WRONG_SECRET = "Synapse refused the shared secret (403 HMAC incorrect): set"
            + " registration_shared_secret to the registration_shared_secret of Synapse's homeserver.yaml";
    static final String SECRET_REGISTRATION_OFF = "Synapse has shared-secret registration switched off:"
            + " set registration_shared_secret in Synapse's homeserver.yaml, restart Synapse, and use the same value here";
    static final String NONCE_NOT_RECOGNISED = "Synapse did not recognise the nonce it had just issued:"
            + " if Synapse runs workers, route /_synapse/admin/v1/register to the main process";
    static final String REGISTRATION_CLOSED = "Synapse's own registration is closed: token_store: synapse signs"
            + " people up through it; set enable_registration: true and registration_requires_token: true in"
            + " Synapse's homeserver.yaml";
    static final String NO_TOKEN_REQUIRED = "Synapse's registration does not ask for a registration token, so anyone"
            + " can register without an invite: set registration_requires_token: true in Synapse's homeserver.yaml";
    static final String ADMIN_TOKEN_UNKNOWN = "Synapse does not know homeserver_admin_token; set it to the access token"
            + " of a Synapse admin";
    static final String NOT_AN_ADMIN = "homeserver_admin_token does not belong to a Synapse admin; make that user an"
            + " admin or use an admin's access token";

    private SetupAdvice() {}

    /** server_location answers with a redirect, which the portal never follows. */
    static String redirect(URI serverLocation, SynapseAnswer answer) {
        return "server_location " + serverLocation + " redirects (HTTP " + answer.status() + " to "
                + answer.response().location().orElse("nowhere") + "): set server_location to the address Synapse answers on";
    }

    /**
     * A request did not reach the Synapse API it was meant for ({@link SynapseAnswer.Kind#NOT_REACHED}).
     *
     * @param api       {@code admin} or {@code client}
     * @param forwarded the path prefix a reverse proxy must forward to Synapse
     */
    static String notReached(String api, URI at, int status, String forwarded) {
        return "Synapse's " + api + " API answered HTTP " + status + " at " + at
                + ": check server_location, and that your reverse proxy forwards " + forwarded + " to Synapse";
    }

    /** A username of another server than the one the settings name. */
    static String otherServer(UserId userId, String serverName) {
        return "asked to create " + userId + ", but server_name is " + serverName
                + ": the username rules and the homeserver settings must use the same server_name";
    }

    /** What the answer says about {@code homeserver_admin_token}, if it refused it. */
    static Optional<String> adminToken(SynapseAnswer answer) {
        return switch (answer.kind()) {
            case UNAUTHORIZED -> Optional.of(ADMIN_TOKEN_UNKNOWN);
            case FORBIDDEN -> Optional.of(NOT_AN_ADMIN);
            default -> Optional.empty();
        };
    }
}
