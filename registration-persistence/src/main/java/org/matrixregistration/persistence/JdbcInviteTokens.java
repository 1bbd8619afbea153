package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenCursor;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;
import org.matrixregistration.core.token.UseCounts;

/**
 * {@link InviteTokens} in a SQL database shared by any number of portal processes; obtained from
 * {@link TokenDatabase#tokens}.
 *
 * <p>The use contract holds across processes because the check and the reservation are one
 * database transaction that excludes every other one on the same token: on SQLite the transaction
 * starts with {@code BEGIN IMMEDIATE}, taking the database's single write lock before it reads; on
 * PostgreSQL it locks the token's row ({@code SELECT ... FOR UPDATE}) and only then counts the
 * reservations, in a statement of its own so that, at READ COMMITTED (which the pool sets on every
 * connection, whatever the server's default), it sees those committed while it waited.
 * Completing a reservation takes the same lock, records the use unless one with the reservation's
 * id exists (a unique index backs this), counts it and deletes the reservation, in one transaction.
 *
 * <p>Reservations never age out here; {@link #unsettled} hands old and uncertain ones to a settler.
 *
 * <p>Lookups by name use the primary key; pages walk the index on (creation time, name) from a
 * cursor, in either direction, and read one row more than the page to know whether another
 * follows, so their cost does not grow with the number of tokens. Only what a caller asks for
 * grows: an offset, a total, a filter that few tokens match, a search. Times are stored to the microsecond. Every method throws
 * {@link DatabaseUnavailableException} if the database fails, having changed nothing.
 */
public final class JdbcInviteTokens extends JdbcTokenStore {
    private static final String PENDING = "(SELECT COUNT(*) FROM token_reservation r WHERE r.token_name = t.name)";
    private static final String UNCONFIRMED = "(SELECT COUNT(*) FROM token_reservation r WHERE r.token_name = t.name"
            + " AND r." + ReservationTables.IS_UNCERTAIN + ")";
    private static final String FIND = "SELECT " + TokenRows.TOKEN_COLUMNS + ", " + PENDING + " AS pending, "
            + UNCONFIRMED + " AS unconfirmed FROM invite_token t WHERE t.name = ?";
    private static final String LOCK = "SELECT " + TokenRows.TOKEN_COLUMNS + " FROM invite_token t WHERE t.name = ?";
    private static final String COUNT_PENDING = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN " + ReservationTables.IS_UNCERTAIN
            + " THEN 1 ELSE 0 END), 0) FROM token_reservation WHERE token_name = ?";
    /** The reservations by token: few rows, as only sign-ups not settled yet have one. */
    private static final String PENDING_BY_TOKEN = "(SELECT token_name, COUNT(*) AS pending, SUM(CASE WHEN "
            + ReservationTables.IS_UNCERTAIN + " THEN 1 ELSE 0 END) AS unconfirmed FROM token_reservation GROUP BY token_name)";
    /** {@link TokenPolicy} in SQL over {@code t} joined with {@link #PENDING_BY_TOKEN} {@code p}. */
    private static final String ACTIVE = "NOT t.disabled AND (t.expires_at IS NULL OR t.expires_at > ?)"
            + " AND (t.max_uses = 0 OR t.used + COALESCE(p.pending, 0) < t.max_uses)";
    static final String INSERT_TOKEN = "INSERT INTO invite_token"
            + " (name, max_uses, expires_at, disabled, note, created_at, used, requires_approval)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (name) DO NOTHING";
    private static final String UPDATE_SETTINGS =
            "UPDATE invite_token SET max_uses = ?, expires_at = ?, disabled = ?, note = ?, requires_approval = ?"
                    + " WHERE name = ?";
    private static final String DELETE_TOKEN = "DELETE FROM invite_token WHERE name = ?";
    private static final String COUNT_USE = "UPDATE invite_token SET used = used + 1 WHERE name = ?";
    /** Version 1 reservations name no account; they age out as they did then. */
    private static final String DROP_STALE_UNNAMED =
            "DELETE FROM token_reservation WHERE user_id IS NULL AND reserved_at < ?";

    private final String lockToken;
    private final String like;

    JdbcInviteTokens(Jdbc jdbc, Dialect dialect, Clock clock) {
        super(jdbc, ReservationTables.portal(jdbc));
        Objects.requireNonNull(clock, "clock");
        this.lockToken = dialect.locking(LOCK);
        this.like = dialect.likeIgnoringCase;
    }

    @Override
    public boolean add(InviteToken token) {
        return jdbc.autoCommit("add a token", connection -> insert(connection, token));
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        return jdbc.autoCommit("find a token", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection, FIND, name.value());
                    ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(TokenRows.tokenWithPending(row)) : Optional.empty();
            }
        });
    }

    @Override
    public Page<InviteToken> list(TokenQuery query, Instant now) {
        List<Object> parameters = new ArrayList<>();
        String from = " FROM invite_token t LEFT JOIN " + PENDING_BY_TOKEN + " p ON p.token_name = t.name WHERE "
                + filter(query, TokenRows.micros(now), parameters, like);
        List<Object> countParameters = List.copyOf(parameters);
        boolean newest = query.order() == TokenQuery.Order.NEWEST_FIRST;
        String direction = newest ? " DESC" : "";
        String keyset = "";
        if (query.after().isPresent()) {
            // A row value, which both databases turn into a seek on the (created_at, name) index;
            // the same condition spelled with OR made SQLite walk the index from its end.
            keyset = " AND (t.created_at, t.name)" + (newest ? " < " : " > ") + "(?, ?)";
            parameters.addAll(List.of(query.after().get().createdAtMicros(), query.after().get().name().value()));
        }
        // One row more than the page tells whether a next page exists, without counting.
        String page = "SELECT " + TokenRows.TOKEN_COLUMNS + ", COALESCE(p.pending, 0) AS pending,"
                + " COALESCE(p.unconfirmed, 0) AS unconfirmed" + from + keyset
                + " ORDER BY t.created_at" + direction + ", t.name" + direction + " LIMIT ? OFFSET ?";
        parameters.add(query.limit() + 1);
        parameters.add(query.offset());
        return jdbc.autoCommit("list tokens", connection -> {
            List<InviteToken> items = new ArrayList<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, page, parameters.toArray());
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.add(TokenRows.tokenWithPending(rows));
                }
            }
            Optional<TokenCursor> next = Optional.empty();
            if (items.size() > query.limit()) {
                items = items.subList(0, query.limit());
                next = Optional.of(TokenCursor.of(items.get(items.size() - 1)));
            }
            OptionalLong total = OptionalLong.empty();
            if (query.countTotal()) {
                // A second statement: tokens added in between must not make it smaller than the page.
                long counted = Jdbc.single(connection, "SELECT COUNT(*)" + from, countParameters.toArray());
                total = OptionalLong.of(Math.max(counted, query.offset() + items.size()));
            }
            return new Page<>(items, total, next);
        });
    }

    /** The condition of {@code query}'s status and search over {@code t} and {@code p}; adds its parameters. */
    private static String filter(TokenQuery query, long now, List<Object> parameters, String like) {
        String condition = switch (query.status()) {
            case ALL -> "1 = 1";
            case ACTIVE -> ACTIVE;
            case INACTIVE -> "NOT (" + ACTIVE + ")";
            case DISABLED -> "t.disabled";
            case EXPIRED -> "NOT t.disabled AND t.expires_at IS NOT NULL AND t.expires_at <= ?";
            case USED_UP -> "NOT t.disabled AND (t.expires_at IS NULL OR t.expires_at > ?)"
                    + " AND t.max_uses > 0 AND t.used + COALESCE(p.pending, 0) >= t.max_uses";
        };
        if (condition.contains("?")) {
            parameters.add(now);
        }
        if (query.search().isPresent()) {
            String pattern = "%" + query.search().get()
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            condition += " AND (t.name " + like + " ? ESCAPE '!' OR t.note " + like + " ? ESCAPE '!')";
            parameters.add(pattern);
            parameters.add(pattern);
        }
        return condition;
    }

    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        return jdbc.transaction("change a token", connection -> {
            Optional<InviteToken> current = lockedToken(connection, name);
            if (current.isEmpty() || changes.isEmpty()) {
                return current;
            }
            InviteToken changed = current.get().withSettings(changes);
            Jdbc.update(connection, UPDATE_SETTINGS, changed.limit().maximum(), TokenRows.micros(changed.expiresAt()),
                    changed.disabled(), changed.note(), changed.requiresApproval(), name.value());
            return lockedToken(connection, name);
        });
    }

    @Override
    public boolean delete(TokenName name) {
        return jdbc.autoCommit("delete a token", connection -> Jdbc.update(connection, DELETE_TOKEN, name.value()) > 0);
    }

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        return jdbc.transaction("reserve a token use", connection -> {
            Optional<InviteToken> token = lockedToken(connection, name);
            if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
                return refused;
            }
            Reservation reservation = Reservation.newFor(name, userId, now, token.get().requiresApproval());
            reservations.insert(connection, reservation);
            return reservation;
        });
    }

    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientAddress, "clientAddress");
        return jdbc.transaction("record a token use", connection -> {
            // The token's lock serialises every completion of its reservations.
            if (lockedToken(connection, reservation.token()).isEmpty()
                    || !reservations.recordUse(connection, reservation, at, clientAddress)) {
                return false;
            }
            Jdbc.update(connection, COUNT_USE, reservation.token().value());
            return true;
        });
    }

    @Override
    public void release(Reservation reservation) {
        jdbc.autoCommit("release a token use", connection -> reservations.delete(connection, reservation));
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        return jdbc.autoCommit("find token uses to settle", connection -> {
            Jdbc.update(connection, DROP_STALE_UNNAMED, TokenRows.micros(staleBefore));
            return reservations.unsettled(connection, staleBefore, now, limit);
        });
    }

    @Override
    public Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        return reservations.uses(names);
    }

    @Override
    public List<TokenUse> uses(TokenName name) {
        return reservations.uses(List.of(name)).getOrDefault(name, List.of());
    }

    /** Inserts a token as given, use count included; false if one with its name exists. */
    static boolean insert(Connection connection, InviteToken token) throws SQLException {
        return Jdbc.update(connection, INSERT_TOKEN, token.name().value(), token.limit().maximum(),
                TokenRows.micros(token.expiresAt()), token.disabled(), token.note(),
                TokenRows.micros(token.createdAt()), token.completedUses(), token.requiresApproval()) == 1;
    }

    /**
     * The token, locked for the rest of the transaction, with its reservations. They are counted by
     * a statement of its own, run after the lock is granted: on PostgreSQL a statement that waited
     * for a lock still reads from the snapshot taken before it waited, and would miss the
     * reservation that the lock holder just committed.
     */
    private Optional<InviteToken> lockedToken(Connection connection, TokenName name) throws SQLException {
        InviteToken token;
        try (PreparedStatement statement = Jdbc.prepare(connection, lockToken, name.value());
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            token = TokenRows.token(row, UseCounts.completed(row.getInt("used")));
        }
        try (PreparedStatement statement = Jdbc.prepare(connection, COUNT_PENDING, name.value());
                ResultSet row = statement.executeQuery()) {
            row.next();
            return Optional.of(token.withUses(new UseCounts(token.completedUses(), row.getInt(1), row.getInt(2))));
        }
    }
}
