package org.matrixregistration.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One use of a token held for a registration in flight. It counts against the token's limit until
 * it is completed (the account exists) or released (it does not), or until it is older than the
 * store's reservation lifetime (the process that held it died).
 */
public record Reservation(String id, TokenName token, Instant reservedAt) implements ReserveOutcome {
    /** How long a reservation counts by default: far longer than one sign-up can take. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(reservedAt, "reservedAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("reservation id must not be blank");
        }
    }

    /** A new reservation with a random identifier. */
    public static Reservation newFor(TokenName token, Instant now) {
        return new Reservation(UUID.randomUUID().toString(), token, now);
    }
}
