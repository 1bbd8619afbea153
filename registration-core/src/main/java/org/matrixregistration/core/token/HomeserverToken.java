package org.matrixregistration.core.token;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A registration token as the homeserver itself keeps it (Matrix's {@code m.login.registration_token},
 * MSC3231; Synapse's {@code /_synapse/admin/v1/registration_tokens}): what the homeserver enforces when
 * anyone registers with it, from any client.
 *
 * @param usesAllowed how many registrations it admits in all; empty for unlimited, and so is 0 (Synapse
 *                    reads a 0 as "no limit", not as "nobody")
 * @param pending     registrations that passed the token's stage and have not finished (or been
 *                    abandoned) yet; the homeserver counts them against the limit
 * @param completed   registrations that finished with it
 * @param expiresAt   the instant from which the homeserver refuses it, to the millisecond; empty for never
 */
public record HomeserverToken(TokenName name, OptionalInt usesAllowed, int pending, int completed,
        Optional<Instant> expiresAt) {

    public HomeserverToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(usesAllowed, "usesAllowed");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (usesAllowed.isPresent() && usesAllowed.getAsInt() < 0) {
            throw new IllegalArgumentException("uses allowed cannot be negative; got " + usesAllowed.getAsInt());
        }
        if (pending < 0 || completed < 0) {
            throw new IllegalArgumentException("use counts cannot be negative");
        }
    }

    /** A token nobody has used yet. */
    public static HomeserverToken fresh(TokenName name, OptionalInt usesAllowed, Optional<Instant> expiresAt) {
        return new HomeserverToken(name, usesAllowed, 0, 0, expiresAt);
    }
}
