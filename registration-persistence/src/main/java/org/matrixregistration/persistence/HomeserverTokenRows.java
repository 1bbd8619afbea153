package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.UsageLimit;

/**
 * The rows of {@code token_store: synapse} (schema V6) as values: {@code homeserver_token}, what the
 * homeserver does not keep of a token ({@link Side}), and the counts of its reservations in
 * {@code homeserver_token_reservation} ({@link Counts}). Every method runs in the caller's connection.
 */
final class HomeserverTokenRows {
    private static final String SIDE_COLUMNS = "t.name, t.note, t.created_at, t.carried_uses, t.held, t.switched_off_at,"
            + " t.held_limit, t.disabled, t.wanted_expiry, t.requires_approval, t.revision";
    private static final String COUNTS = "SELECT token_name, SUM(CASE WHEN counted_by_homeserver THEN 0 ELSE 1 END)"
            + " AS counted, SUM(CASE WHEN " + ReservationTables.IS_UNCERTAIN + " THEN 1 ELSE 0 END) AS unconfirmed"
            + " FROM homeserver_token_reservation";
    private static final String SIDE = "SELECT " + SIDE_COLUMNS + " FROM homeserver_token t WHERE t.name = ?";
    private static final String ALL_SIDES = "SELECT " + SIDE_COLUMNS + " FROM homeserver_token t";
    private static final String REVISION = "SELECT revision FROM homeserver_token WHERE name = ?";
    private static final String SEEN = "INSERT INTO homeserver_token (name, created_at) VALUES (?, ?)"
            + " ON CONFLICT (name) DO NOTHING";
    private static final String INSERT_SIDE = "INSERT INTO homeserver_token (name, note, created_at, carried_uses, held,"
            + " switched_off_at, held_limit, disabled, wanted_expiry, requires_approval)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_SIDE = "DELETE FROM homeserver_token WHERE name = ?";
    private static final String SETTINGS = "UPDATE homeserver_token SET note = ?, requires_approval = ?, held = ?,"
            + " switched_off_at = NULL, held_limit = ?, disabled = ?, wanted_expiry = ? WHERE name = ?";
    private static final String SWITCHED_OFF = "UPDATE homeserver_token SET switched_off_at = ? WHERE name = ? AND held";
    private static final String BUMP = "UPDATE homeserver_token SET revision = revision + 1 WHERE name = ?";
    private static final String COUNTED = "UPDATE homeserver_token_reservation SET counted_by_homeserver = TRUE"
            + " WHERE id = ?";

    /** A token row: what the homeserver does not keep. */
    record Side(TokenName name, String note, Instant createdAt, int carriedUses, boolean held,
            Optional<Instant> switchedOffAt, UsageLimit heldLimit, boolean disabled, Optional<Instant> wantedExpiry,
            boolean requiresApproval, long revision) {

        /** Whether the homeserver still has the expiry that switched the token off here. */
        boolean holds(HomeserverToken token) {
            return held && switchedOffAt.isPresent() && token.expiresAt().equals(switchedOffAt);
        }
    }

    /** A token's reservations: those that still count here, and the uncertain ones. */
    record Counts(int counted, int unconfirmed) {
        static final Counts NONE = new Counts(0, 0);
    }

    private final String lockSide;

    HomeserverTokenRows(Dialect dialect) {
        this.lockSide = dialect.locking(SIDE);
    }

    Optional<Side> side(Connection connection, TokenName name) throws SQLException {
        return side(connection, SIDE, name);
    }

    /** The row, held until the transaction ends. */
    Optional<Side> lockedSide(Connection connection, TokenName name) throws SQLException {
        return side(connection, lockSide, name);
    }

    private static Optional<Side> side(Connection connection, String sql, TokenName name) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, name.value());
                ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(side(row)) : Optional.empty();
        }
    }

    /** The row, written first if the token was never seen here (then it was first seen {@code now}). */
    Side seenSide(Connection connection, TokenName name, Instant now) throws SQLException {
        Optional<Side> side = side(connection, name);
        if (side.isPresent()) {
            return side.get();
        }
        seen(connection, List.of(name), now);
        return side(connection, name).orElseThrow();
    }

    /** Rows for tokens first seen {@code now}, unless they have one; how many were written. */
    int seen(Connection connection, List<TokenName> names, Instant now) throws SQLException {
        long micros = TokenRows.micros(now);
        int written = 0;
        for (TokenName name : names) {
            written += Jdbc.update(connection, SEEN, name.value(), micros);
        }
        return written;
    }

    Map<TokenName, Side> sides(Connection connection) throws SQLException {
        Map<TokenName, Side> found = new HashMap<>();
        try (PreparedStatement statement = Jdbc.prepare(connection, ALL_SIDES);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Side side = side(rows);
                found.put(side.name(), side);
            }
        }
        return found;
    }

    private static Side side(ResultSet row) throws SQLException {
        return new Side(new TokenName(row.getString("name")), row.getString("note"),
                TokenRows.fromMicros(row.getLong("created_at")), row.getInt("carried_uses"), row.getBoolean("held"),
                instant(row, "switched_off_at"), new UsageLimit(row.getInt("held_limit")), row.getBoolean("disabled"),
                instant(row, "wanted_expiry"), row.getBoolean("requires_approval"), row.getLong("revision"));
    }

    private static Optional<Instant> instant(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(TokenRows.fromMicros(micros));
    }

    /**
     * Replaces the row of {@code token} (with its uses and reservations, which an old row of the same
     * name, of a token deleted elsewhere, may have).
     *
     * @param switchedOffAt the homeserver's expiry of a token switched off here, whose settings are held
     */
    void replace(Connection connection, InviteToken token, int carriedUses, boolean held, Optional<Instant> switchedOffAt)
            throws SQLException {
        Jdbc.update(connection, DELETE_SIDE, token.name().value());
        Jdbc.update(connection, INSERT_SIDE, token.name().value(), token.note(), TokenRows.micros(token.createdAt()),
                carriedUses, held, TokenRows.micros(switchedOffAt), held ? Optional.of(token.limit().maximum()) : Optional.empty(),
                held && token.disabled(), held ? TokenRows.micros(token.expiresAt()) : Optional.empty(),
                token.requiresApproval());
    }

    /** Writes the settings kept here; those of the homeserver are held here too when {@code held}. */
    int settings(Connection connection, TokenName name, InviteToken wanted, boolean held) throws SQLException {
        return Jdbc.update(connection, SETTINGS, wanted.note(), wanted.requiresApproval(), held,
                held ? Optional.of(wanted.limit().maximum()) : Optional.empty(), held && wanted.disabled(),
                held ? TokenRows.micros(wanted.expiresAt()) : Optional.empty(), name.value());
    }

    /** The homeserver's expiry that switched a held token off. */
    int switchedOff(Connection connection, TokenName name, Optional<Instant> at) throws SQLException {
        return Jdbc.update(connection, SWITCHED_OFF, TokenRows.micros(at), name.value());
    }

    /** Deletes the row, and with it the token's uses and reservations. */
    int delete(Connection connection, TokenName name) throws SQLException {
        return Jdbc.update(connection, DELETE_SIDE, name.value());
    }

    OptionalLong revision(Connection connection, TokenName name) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, REVISION, name.value());
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    /**
     * Marks a change that could lower the token's count, under the token's lock (an UPDATE takes it).
     *
     * @return whether the token has a row
     */
    boolean bump(Connection connection, TokenName name) throws SQLException {
        return Jdbc.update(connection, BUMP, name.value()) > 0;
    }

    /** The homeserver counts the reservation's use itself now. */
    int countedByHomeserver(Connection connection, String reservationId) throws SQLException {
        return Jdbc.update(connection, COUNTED, reservationId);
    }

    /** The reservations of {@code names}, or of every token when null. */
    Map<TokenName, Counts> counts(Connection connection, List<TokenName> names) throws SQLException {
        String sql = COUNTS + (names == null ? "" : " WHERE token_name IN ("
                + String.join(", ", Collections.nCopies(names.size(), "?")) + ")") + " GROUP BY token_name";
        Object[] parameters = names == null ? new Object[0] : names.stream().map(TokenName::value).toArray();
        Map<TokenName, Counts> found = new HashMap<>();
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.put(new TokenName(rows.getString("token_name")),
                        new Counts(rows.getInt("counted"), rows.getInt("unconfirmed")));
            }
        }
        return found;
    }
}
