package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReservationState;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;

/**
 * A token store's reservations and recorded uses, in a pair of tables with the same columns in both
 * stores ({@code token_reservation} and {@code token_use}; {@code homeserver_token_reservation} and
 * {@code homeserver_token_use}): the life of a reservation from its insertion to the use it becomes,
 * and what a settler and the admins read of it. Methods that take a {@link Connection} run inside the
 * caller's transaction; the others run on their own.
 */
final class ReservationTables {
    private static final String IN_FLIGHT = "in_flight";
    private static final String UNCERTAIN = "uncertain";
    private static final String AWAITING = "awaiting";
    /** The condition of an uncertain reservation, for the stores' queries that count them. */
    static final String IS_UNCERTAIN = "state = '" + UNCERTAIN + "'";

    private final Jdbc jdbc;
    private final String reservations;
    private final String uses;

    private ReservationTables(Jdbc jdbc, String reservations, String uses) {
        this.jdbc = jdbc;
        this.reservations = reservations;
        this.uses = uses;
    }

    /** Those of {@code token_store: portal}. */
    static ReservationTables portal(Jdbc jdbc) {
        return new ReservationTables(jdbc, "token_reservation", "token_use");
    }

    /** Those of {@code token_store: synapse}. */
    static ReservationTables homeserver(Jdbc jdbc) {
        return new ReservationTables(jdbc, "homeserver_token_reservation", "homeserver_token_use");
    }

    void insert(Connection connection, Reservation reservation) throws SQLException {
        Jdbc.update(connection, "INSERT INTO " + reservations + " (id, token_name, user_id, reserved_at, state,"
                + " needs_approval) VALUES (?, ?, ?, ?, '" + IN_FLIGHT + "', ?)", reservation.id(),
                reservation.token().value(), reservation.userId().toString(), TokenRows.micros(reservation.reservedAt()),
                reservation.needsApproval());
    }

    /** @return whether there was such a reservation */
    boolean delete(Connection connection, Reservation reservation) throws SQLException {
        return Jdbc.update(connection, "DELETE FROM " + reservations + " WHERE id = ?", reservation.id()) > 0;
    }

    /**
     * Ends the reservation as a recorded use, unless a use of it is recorded already (a sign-up and a
     * settler may both complete it; a unique index on {@code reservation_id} backs this). The caller
     * holds its token's lock, so that no other completion interleaves.
     *
     * @return whether the use was recorded now
     */
    boolean recordUse(Connection connection, Reservation reservation, Instant at, Optional<String> clientAddress)
            throws SQLException {
        delete(connection, reservation);
        if (Jdbc.exists(connection, "SELECT 1 FROM " + uses + " WHERE reservation_id = ?", reservation.id())) {
            return false;
        }
        Jdbc.update(connection, "INSERT INTO " + uses + " (" + TokenRows.USE_COLUMNS + ", reservation_id)"
                + " VALUES (?, ?, ?, ?, ?)", reservation.token().value(), Optional.of(reservation.userId().toString()),
                Optional.of(TokenRows.micros(at)), clientAddress, reservation.id());
        return true;
    }

    /** Records a use made elsewhere (an import, a migration), with no reservation. */
    void insertUse(Connection connection, TokenUse use) throws SQLException {
        Jdbc.update(connection, "INSERT INTO " + uses + " (" + TokenRows.USE_COLUMNS + ", reservation_id)"
                + " VALUES (?, ?, ?, ?, ?)", use.token().value(), use.userId(), TokenRows.micros(use.usedAt()),
                use.clientAddress(), Optional.empty());
    }

    void markUncertain(Reservation reservation, String reason) {
        jdbc.autoCommit("mark a token use uncertain", connection -> Jdbc.update(connection, "UPDATE " + reservations
                + " SET state = '" + UNCERTAIN + "', due_at = 0, detail = ? WHERE id = ?", reason, reservation.id()));
    }

    void awaitDecision(Reservation reservation) {
        jdbc.autoCommit("set a token use aside for a decision", connection -> Jdbc.update(connection, "UPDATE "
                + reservations + " SET state = '" + AWAITING + "' WHERE id = ?", reservation.id()));
    }

    void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        jdbc.autoCommit("postpone settling a token use", connection -> Jdbc.update(connection, "UPDATE " + reservations
                + " SET state = '" + UNCERTAIN + "', attempts = ?, due_at = ?, detail = ? WHERE id = ?", attempts,
                TokenRows.micros(nextAttempt), reason, reservation.id()));
    }

    /** Uncertain reservations that are due, and those in flight since before {@code staleBefore}, oldest first. */
    List<UnsettledUse> unsettled(Connection connection, Instant staleBefore, Instant now, int limit) throws SQLException {
        String sql = "SELECT id, token_name, user_id, reserved_at, state, attempts, detail, needs_approval FROM "
                + reservations + " WHERE user_id IS NOT NULL AND ((state = '" + UNCERTAIN + "' AND due_at <= ?)"
                + " OR (state = '" + IN_FLIGHT + "' AND reserved_at < ?)) ORDER BY reserved_at LIMIT ?";
        List<UnsettledUse> due = new ArrayList<>();
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, TokenRows.micros(now),
                TokenRows.micros(staleBefore), limit);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Reservation reservation = new Reservation(rows.getString("id"), new TokenName(rows.getString("token_name")),
                        UserId.parse(rows.getString("user_id")), TokenRows.fromMicros(rows.getLong("reserved_at")),
                        rows.getBoolean("needs_approval"));
                ReservationState state = UNCERTAIN.equals(rows.getString("state"))
                        ? ReservationState.UNCERTAIN : ReservationState.IN_FLIGHT;
                due.add(new UnsettledUse(reservation, state, rows.getInt("attempts"),
                        Optional.ofNullable(rows.getString("detail"))));
            }
        }
        return due;
    }

    int countUnconfirmed() {
        return jdbc.autoCommit("count unconfirmed token uses", connection -> Math.toIntExact(Jdbc.single(connection,
                "SELECT COUNT(*) FROM " + reservations + " WHERE " + IS_UNCERTAIN)));
    }

    /** The recorded uses of each of {@code names} that has any, oldest first. */
    Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> values = names.stream().map(TokenName::value).distinct().toList();
        String sql = "SELECT " + TokenRows.USE_COLUMNS + " FROM " + uses + " WHERE token_name IN ("
                + String.join(", ", Collections.nCopies(values.size(), "?")) + ") ORDER BY id";
        return jdbc.autoCommit("list the uses of tokens", connection -> {
            Map<TokenName, List<TokenUse>> found = new LinkedHashMap<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, sql, values.toArray());
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TokenUse use = TokenRows.use(rows);
                    found.computeIfAbsent(use.token(), name -> new ArrayList<>()).add(use);
                }
            }
            return found;
        });
    }
}
