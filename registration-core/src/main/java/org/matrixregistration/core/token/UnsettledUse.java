package org.matrixregistration.core.token;

import java.util.Objects;
import java.util.Optional;

/**
 * A reservation whose outcome is to be found out: its homeserver answer was lost, or its sign-up
 * outlived any sign-up that can still be running.
 *
 * @param attempts how often a settler has asked the homeserver without getting an answer
 * @param detail   why it is unsettled (the lost answer, or the last attempt's trouble); never a secret
 */
public record UnsettledUse(Reservation reservation, ReservationState state, int attempts, Optional<String> detail) {
    public UnsettledUse {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative");
        }
    }
}
