package org.matrixregistration.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.matrixregistration.core.account.UserId;

/**
 * One use of a token held for the sign-up of {@code userId}. It counts against the token's limit
 * until it is settled: completed (the account exists) or released (it does not). Knowing the
 * Matrix ID is what lets a reservation whose sign-up went silent be settled by asking the
 * homeserver, instead of being forgotten after a while.
 *
 * @param needsApproval the token required approval when the use was reserved: the account is made
 *                      locked and a registration request decides whether the use completes
 */
public record Reservation(String id, TokenName token, UserId userId, Instant reservedAt, boolean needsApproval)
        implements ReserveOutcome {
    /**
     * How long a sign-up may hold a reservation before it is presumed over (its process died, or its
     * answer was lost) and handed to the settler: far longer than one sign-up can take.
     */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    public Reservation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reservedAt, "reservedAt");
        if (id.isBlank()) {
            throw new IllegalArgumentException("reservation id must not be blank");
        }
    }

    /** A reservation for an account that needs no approval. */
    public Reservation(String id, TokenName token, UserId userId, Instant reservedAt) {
        this(id, token, userId, reservedAt, false);
    }

    /** A new reservation with a random identifier. */
    public static Reservation newFor(TokenName token, UserId userId, Instant now) {
        return newFor(token, userId, now, false);
    }

    /** A new reservation with a random identifier, for a token that may require approval. */
    public static Reservation newFor(TokenName token, UserId userId, Instant now, boolean needsApproval) {
        return new Reservation(UUID.randomUUID().toString(), token, userId, now, needsApproval);
    }
}
