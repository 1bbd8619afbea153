package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InviteTokens} in a SQL database shared by any number of portal processes; obtained from
 * {@link TokenDatabase#tokens}.
 *
 * <p>The use contract holds across processes because the check and the reservation are one
 * database transaction that excludes every other one on the same token: on SQLite the transaction
 * starts with {@code BEGIN IMMEDIATE}, taking the database's single write lock before it reads; on
 * PostgreSQL it locks the token's row ({@code SELECT ... FOR UPDATE}) and only then counts the
 * reservations, in a statement of its own so that it sees those committed while it waited.
 * Completing a reservation takes the same lock, then deletes the reservation, increments the
 * token's count and records the use, in one transaction.
 *
 * <p>Reservations older than the lifetime stop counting at once; they are deleted, a few hundred
 * at a time and at most once a minute per process, when they are older than twice the lifetime,
 * so that a registration that completes late still finds its reservation.
 *
 * <p>Lookups by name use the primary key and pages an index on creation time; the total that a
 * page reports counts that index, and a page of active or inactive tokens looks at every token
 * (activity depends on the time and on live reservations), so only these grow with the number of
 * tokens. Times are stored to the microsecond. Every method throws
 * {@link DatabaseUnavailableException} if the database fails, having changed nothing.
 */
public final class JdbcInviteTokens implements InviteTokens {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcInviteTokens.class);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);
    private static final int SWEEP_BATCH = 500;

    private static final String PENDING =
            "(SELECT COUNT(*) FROM token_reservation r WHERE r.token_name = t.name AND r.reserved_at > ?)";
    private static final String FIND =
            "SELECT " + TokenRows.TOKEN_COLUMNS + ", " + PENDING + " AS pending FROM invite_token t WHERE t.name = ?";
    private static final String LOCK = "SELECT " + TokenRows.TOKEN_COLUMNS + " FROM invite_token t WHERE t.name = ?";
    private static final String LOCK_NAME = "SELECT t.name FROM invite_token t WHERE t.name = ?";
    private static final String COUNT_PENDING =
            "SELECT COUNT(*) FROM token_reservation WHERE token_name = ? AND reserved_at > ?";
    /** The reservations that count, by token: few rows, as only registrations in flight have one. */
    private static final String PENDING_BY_TOKEN = "(SELECT token_name, COUNT(*) AS pending FROM token_reservation"
            + " WHERE reserved_at > ? GROUP BY token_name)";
    /** {@link TokenPolicy} in SQL over {@code t} joined with {@link #PENDING_BY_TOKEN} {@code p}. */
    private static final String ACTIVE = "NOT t.disabled AND (t.expires_at IS NULL OR t.expires_at > ?)"
            + " AND (t.max_uses = 0 OR t.used + COALESCE(p.pending, 0) < t.max_uses)";
    static final String INSERT_TOKEN = "INSERT INTO invite_token"
            + " (name, max_uses, expires_at, disabled, note, created_at, used) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (name) DO NOTHING";
    private static final String UPDATE_SETTINGS =
            "UPDATE invite_token SET max_uses = ?, expires_at = ?, disabled = ?, note = ? WHERE name = ?";
    private static final String DELETE_TOKEN = "DELETE FROM invite_token WHERE name = ?";
    private static final String INSERT_RESERVATION =
            "INSERT INTO token_reservation (id, token_name, reserved_at) VALUES (?, ?, ?)";
    private static final String DELETE_RESERVATION = "DELETE FROM token_reservation WHERE id = ? AND token_name = ?";
    private static final String COUNT_USE = "UPDATE invite_token SET used = used + 1 WHERE name = ?";
    static final String INSERT_USE =
            "INSERT INTO token_use (" + TokenRows.USE_COLUMNS + ") VALUES (?, ?, ?, ?)";
    private static final String USES =
            "SELECT " + TokenRows.USE_COLUMNS + " FROM token_use WHERE token_name = ? ORDER BY id";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Duration reservationLifetime;
    private final String lockToken;
    private final String lockName;
    private final String sweep;
    private final AtomicLong nextSweepMicros = new AtomicLong(Long.MIN_VALUE);

    JdbcInviteTokens(Jdbc jdbc, Dialect dialect, Clock clock, Duration reservationLifetime) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reservationLifetime = Objects.requireNonNull(reservationLifetime, "reservationLifetime");
        if (reservationLifetime.isNegative() || reservationLifetime.isZero()) {
            throw new IllegalArgumentException("the reservation lifetime must be positive; got " + reservationLifetime);
        }
        this.lockToken = LOCK + dialect.lockRows;
        this.lockName = LOCK_NAME + dialect.lockRows;
        this.sweep = "DELETE FROM token_reservation WHERE id IN (SELECT id FROM token_reservation"
                + " WHERE reserved_at < ? ORDER BY reserved_at LIMIT " + SWEEP_BATCH + dialect.skipLocked + ")";
    }

    @Override
    public boolean add(InviteToken token) {
        return jdbc.autoCommit("add a token", connection -> insert(connection, token));
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        Instant now = clock.instant();
        return jdbc.autoCommit("find a token", connection -> {
            try (PreparedStatement statement = Jdbc.prepare(connection, FIND, countsFrom(now), name.value());
                    ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(TokenRows.tokenWithPending(row)) : Optional.empty();
            }
        });
    }

    @Override
    public Page<InviteToken> list(TokenQuery query) {
        long countsFrom = countsFrom(query.now());
        String page;
        Object[] pageParameters;
        String count;
        Object[] countParameters;
        if (query.activity() == TokenQuery.Activity.ALL) {
            // The page is cut first and its pending counts taken after: PostgreSQL would otherwise
            // count the reservations of every row that the OFFSET skips.
            page = "SELECT t.*, " + PENDING + " AS pending FROM (SELECT " + TokenRows.TOKEN_COLUMNS
                    + " FROM invite_token t ORDER BY t.created_at, t.name LIMIT ? OFFSET ?) t"
                    + " ORDER BY t.created_at, t.name";
            pageParameters = new Object[] {countsFrom, query.limit(), query.offset()};
            count = "SELECT COUNT(*) FROM invite_token";
            countParameters = new Object[0];
        } else {
            String from = " FROM invite_token t LEFT JOIN " + PENDING_BY_TOKEN + " p ON p.token_name = t.name WHERE "
                    + (query.activity() == TokenQuery.Activity.ACTIVE ? ACTIVE : "NOT (" + ACTIVE + ")");
            page = "SELECT " + TokenRows.TOKEN_COLUMNS + ", COALESCE(p.pending, 0) AS pending" + from
                    + " ORDER BY t.created_at, t.name LIMIT ? OFFSET ?";
            long now = TokenRows.micros(query.now());
            pageParameters = new Object[] {countsFrom, now, query.limit(), query.offset()};
            count = "SELECT COUNT(*)" + from;
            countParameters = new Object[] {countsFrom, now};
        }
        return jdbc.autoCommit("list tokens", connection -> {
            List<InviteToken> items = new ArrayList<>();
            try (PreparedStatement statement = Jdbc.prepare(connection, page, pageParameters);
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.add(TokenRows.tokenWithPending(rows));
                }
            }
            long total = single(connection, count, countParameters);
            // The count is a second statement; tokens added in between must not make it too small.
            return new Page<>(items, Math.max(total, query.offset() + items.size()), query.offset());
        });
    }

    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        Instant now = clock.instant();
        return jdbc.transaction("change a token", connection -> {
            Optional<InviteToken> current = lockedToken(connection, name, now);
            if (current.isEmpty() || changes.isEmpty()) {
                return current;
            }
            InviteToken changed = current.get().withSettings(changes);
            Jdbc.update(connection, UPDATE_SETTINGS, changed.limit().maximum(), TokenRows.micros(changed.expiresAt()),
                    changed.disabled(), changed.note(), name.value());
            return lockedToken(connection, name, now);
        });
    }

    @Override
    public boolean delete(TokenName name) {
        return jdbc.autoCommit("delete a token", connection -> Jdbc.update(connection, DELETE_TOKEN, name.value()) > 0);
    }

    @Override
    public ReserveOutcome reserve(TokenName name, Instant now) {
        ReserveOutcome outcome = jdbc.transaction("reserve a token use", connection -> {
            Optional<InviteToken> token = lockedToken(connection, name, now);
            if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
                return refused;
            }
            Reservation reservation = Reservation.newFor(name, now);
            Jdbc.update(connection, INSERT_RESERVATION, reservation.id(), name.value(), TokenRows.micros(now));
            return reservation;
        });
        sweepIfDue(now);
        return outcome;
    }

    @Override
    public boolean complete(Reservation reservation, String userId, Instant at, Optional<String> clientAddress) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientAddress, "clientAddress");
        String name = reservation.token().value();
        return jdbc.transaction("record a token use", connection -> {
            if (!exists(connection, lockName, name)
                    || Jdbc.update(connection, DELETE_RESERVATION, reservation.id(), name) == 0) {
                return false;
            }
            Jdbc.update(connection, COUNT_USE, name);
            Jdbc.update(connection, INSERT_USE, name, Optional.of(userId), Optional.of(TokenRows.micros(at)), clientAddress);
            return true;
        });
    }

    @Override
    public void release(Reservation reservation) {
        jdbc.autoCommit("release a token use", connection ->
                Jdbc.update(connection, DELETE_RESERVATION, reservation.id(), reservation.token().value()));
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
                TokenRows.micros(token.createdAt()), token.completedUses()) == 1;
    }

    /** Records a use as given, without touching its token's count. */
    static void insertUse(Connection connection, TokenUse use) throws SQLException {
        Jdbc.update(connection, INSERT_USE, use.token().value(), use.userId(), TokenRows.micros(use.usedAt()),
                use.clientAddress());
    }

    /**
     * The token, locked for the rest of the transaction, with the reservations that count at
     * {@code now}. The count is a statement of its own, run after the lock is granted: on
     * PostgreSQL a statement that waited for a lock still reads from the snapshot taken before it
     * waited, and would miss the reservation that the lock holder just committed.
     */
    private Optional<InviteToken> lockedToken(Connection connection, TokenName name, Instant now) throws SQLException {
        InviteToken token;
        try (PreparedStatement statement = Jdbc.prepare(connection, lockToken, name.value());
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            token = TokenRows.token(row, 0);
        }
        int pending = Math.toIntExact(single(connection, COUNT_PENDING, name.value(), countsFrom(now)));
        return Optional.of(TokenRows.withPending(token, pending));
    }

    /** Reservations made after this instant (in microseconds) count at {@code now}. */
    private long countsFrom(Instant now) {
        return TokenRows.micros(now.minus(reservationLifetime));
    }

    private void sweepIfDue(Instant now) {
        long nowMicros = TokenRows.micros(now);
        long due = nextSweepMicros.get();
        if (nowMicros < due || !nextSweepMicros.compareAndSet(due, nowMicros + SWEEP_INTERVAL.toNanos() / 1000)) {
            return;
        }
        long before = TokenRows.micros(now.minus(reservationLifetime.multipliedBy(2)));
        try {
            jdbc.autoCommit("sweep old reservations", connection -> Jdbc.update(connection, sweep, before));
        } catch (DatabaseUnavailableException e) {
            LOG.warn("Old token reservations were not swept; the next reservation tries again: {}", e.getMessage());
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
