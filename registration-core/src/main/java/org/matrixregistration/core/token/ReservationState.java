package org.matrixregistration.core.token;

/** Where a reservation stands; every state counts against the token's limit until it is settled. */
public enum ReservationState {
    /** Its sign-up is running (or its process died, which the reservation's age tells). */
    IN_FLIGHT,
    /** The homeserver's answer was lost: the account may exist; a settler finds out. */
    UNCERTAIN,
    /** Its account waits, locked, for an admin's decision on its registration request. */
    AWAITING_DECISION
}
