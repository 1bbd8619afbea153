package org.matrixregistration.persistence;

import java.time.Instant;
import java.util.Objects;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;

/**
 * What both SQL token stores do alike once a sign-up has left a reservation unsettled: mark it
 * uncertain, set it aside for a decision, postpone settling it, count the uncertain ones
 * ({@link ReservationTables}, over each store's own tables).
 */
abstract sealed class JdbcTokenStore implements InviteTokens permits JdbcInviteTokens, JdbcHomeserverInviteTokens {
    final Jdbc jdbc;
    final ReservationTables reservations;

    JdbcTokenStore(Jdbc jdbc, ReservationTables reservations) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.reservations = reservations;
    }

    @Override
    public final void markUncertain(Reservation reservation, String reason) {
        reservations.markUncertain(reservation, reason);
    }

    @Override
    public final void awaitDecision(Reservation reservation) {
        reservations.awaitDecision(reservation);
    }

    @Override
    public final void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        reservations.postpone(reservation, attempts, nextAttempt, reason);
    }

    @Override
    public final int countUnconfirmed() {
        return reservations.countUnconfirmed();
    }
}
