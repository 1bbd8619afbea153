package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
import org.matrixregistration.core.token.ReservationState;
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
public final class JdbcInviteTokens implements InviteTokens {
    private static final String IN_FLIGHT = "in_flight";
    private static final String UNCERTAIN = "uncertain";
    private static final String AWAITING = "awaiting";
    private static final String PENDING = "(SELECT COUNT(*) FROM token_reservation r WHERE r.token_name = t.name)";
    private static final String UNCONFIRMED = "(SELECT COUNT(*) FROM token_reservation r WHERE r.token_name = t.name"
            + " AND r.state = '" + UNCERTAIN + "')";
    private static final String FIND = "SELECT " + TokenRows.TOKEN_COLUMNS + ", " + PENDING + " AS pending, "
            + UNCONFIRMED + " AS unconfirmed FROM invite_token t WHERE t.name = ?";
    private static final String LOCK = "SELECT " + TokenRows.TOKEN_COLUMNS + " FROM invite_token t WHERE t.name = ?";
    private static final String COUNT_PENDING = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN state = '" + UNCERTAIN
            + "' THEN 1 ELSE 0 END), 0) FROM token_reservation WHERE token_name = ?";
    /** The reservations by token: few rows, as only sign-ups not settled yet have one. */
    private static final String PENDING_BY_TOKEN = "(SELECT token_name, COUNT(*) AS pending, SUM(CASE WHEN state = '"
            + UNCERTAIN + "' THEN 1 ELSE 0 END) AS unconfirmed FROM token_reservation GROUP BY token_name)";
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
    private static final String INSERT_RESERVATION = "INSERT INTO token_reservation"
            + " (id, token_name, user_id, reserved_at, state, needs_approval) VALUES (?, ?, ?, ?, '" + IN_FLIGHT + "', ?)";
    private static final String AWAIT_DECISION = "UPDATE token_reservation SET state = '" + AWAITING + "' WHERE id = ?";
    private static final String DELETE_RESERVATION = "DELETE FROM token_reservation WHERE id = ?";
    private static final String RECORDED = "SELECT 1 FROM token_use WHERE reservation_id = ?";
    private static final String COUNT_USE = "UPDATE invite_token SET used = used + 1 WHERE name = ?";
    static final String INSERT_USE =
            "INSERT INTO token_use (" + TokenRows.USE_COLUMNS + ", reservation_id) VALUES (?, ?, ?, ?, ?)";
    private static final String USES =
            "SELECT " + TokenRows.USE_COLUMNS + " FROM token_use WHERE token_name = ? ORDER BY id";
    private static final String MARK_UNCERTAIN = "UPDATE token_reservation SET state = '" + UNCERTAIN
            + "', due_at = 0, detail = ? WHERE id = ?";
    private static final String POSTPONE = "UPDATE token_reservation SET state = '" + UNCERTAIN
            + "', attempts = ?, due_at = ?, detail = ? WHERE id = ?";
    /** Version 1 reservations name no account; they age out as they did then. */
    private static final String DROP_STALE_UNNAMED =
            "DELETE FROM token_reservation WHERE user_id IS NULL AND reserved_at < ?";
    private static final String UNSETTLED = "SELECT id, token_name, user_id, reserved_at, state, attempts, detail,"
            + " needs_approval"
            + " FROM token_reservation WHERE user_id IS NOT NULL AND ((state = '" + UNCERTAIN + "' AND due_at <= ?)"
            + " OR (state = '" + IN_FLIGHT + "' AND reserved_at < ?)) ORDER BY reserved_at LIMIT ?";

    private final Jdbc jdbc;
    private final Clock clock;
    private final String lockToken;
    private final String like;

    JdbcInviteTokens(Jdbc jdbc, Dialect dialect, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockToken = LOCK + dialect.lockRows;
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
                long counted = single(connection, "SELECT COUNT(*)" + from, countParameters.toArray());
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
            Jdbc.update(connection, INSERT_RESERVATION, reservation.id(), name.value(), userId.toString(),
                    TokenRows.micros(now), reservation.needsApproval());
            return reservation;
        });
    }

    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientAddress, "clientAddress");
        String name = reservation.token().value();
        return jdbc.transaction("record a token use", connection -> {
            // The token's lock serialises every completion of its reservations, so the check below
            // and the insert cannot interleave with another completion of this reservation.
            if (lockedToken(connection, reservation.token()).isEmpty()) {
                return false;
            }
            Jdbc.update(connection, DELETE_RESERVATION, reservation.id());
            if (exists(connection, RECORDED, reservation.id())) {
                return false;
            }
            Jdbc.update(connection, COUNT_USE, name);
            Jdbc.update(connection, INSERT_USE, name, Optional.of(reservation.userId().toString()),
                    Optional.of(TokenRows.micros(at)), clientAddress, reservation.id());
            return true;
        });
    }

    @Override
    public void release(Reservation reservation) {
        jdbc.autoCommit("release a token use", connection -> Jdbc.update(connection, DELETE_RESERVATION, reservation.id()));
    }

    @Override
    public void markUncertain(Reservation reservation, String reason) {
        jdbc.autoCommit("mark a token use uncertain", connection ->
                Jdbc.update(connection, MARK_UNCERTAIN, reason, reservation.id()));
    }

    @Override
    public void awaitDecision(Reservation reservation) {
        jdbc.autoCommit("set a token use aside for a decision", connection ->
                Jdbc.update(connection, AWAIT_DECISION, reservation.id()));
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        long stale = TokenRows.micros(staleBefore);
        return jdbc.autoCommit("find token uses to settle", connection -> {
            Jdbc.update(connection, DROP_STALE_UNNAMED, stale);
            List<UnsettledUse> due = new ArrayList<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, UNSETTLED, TokenRows.micros(now), stale, limit);
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
        });
    }

    @Override
    public void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        jdbc.autoCommit("postpone settling a token use", connection ->
                Jdbc.update(connection, POSTPONE, attempts, TokenRows.micros(nextAttempt), reason, reservation.id()));
    }

    @Override
    public Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> values = names.stream().map(TokenName::value).distinct().toList();
        String sql = "SELECT " + TokenRows.USE_COLUMNS + " FROM token_use WHERE token_name IN ("
                + String.join(", ", java.util.Collections.nCopies(values.size(), "?")) + ") ORDER BY id";
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

    @Override
    public int countUnconfirmed() {
        return jdbc.autoCommit("count unconfirmed token uses", connection -> Math.toIntExact(single(connection,
                "SELECT COUNT(*) FROM token_reservation WHERE state = '" + UNCERTAIN + "'")));
    }

    @Override
    public List<TokenUse> uses(TokenName name) {
        return jdbc.autoCommit("list the uses of a token", connection -> {
            List<TokenUse> uses = new ArrayList<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, USES, name.value());
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    uses.add(TokenRows.use(rows));
                }
            }
            return uses;
        });
    }

    /** Inserts a token as given, use count included; false if one with its name exists. */
    static boolean insert(Connection connection, InviteToken token) throws SQLException {
        return Jdbc.update(connection, INSERT_TOKEN, token.name().value(), token.limit().maximum(),
                TokenRows.micros(token.expiresAt()), token.disabled(), token.note(),
                TokenRows.micros(token.createdAt()), token.completedUses(), token.requiresApproval()) == 1;
    }

    /** Records a use as given, without touching its token's count. */
    static void insertUse(Connection connection, TokenUse use) throws SQLException {
        Jdbc.update(connection, INSERT_USE, use.token().value(), use.userId(), TokenRows.micros(use.usedAt()),
                use.clientAddress(), Optional.empty());
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

    private static boolean exists(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    private static long single(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
