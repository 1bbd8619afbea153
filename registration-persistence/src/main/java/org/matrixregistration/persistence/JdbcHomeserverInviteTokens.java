package org.matrixregistration.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
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
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.TokenStatus;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;
import org.matrixregistration.core.token.UsageLimit;
import org.matrixregistration.core.token.UseCounts;

/**
 * {@link InviteTokens} for {@code token_store: synapse}: the homeserver's own registration tokens
 * ({@link HomeserverTokens}) are the invite tokens, and this database holds what the homeserver does
 * not keep, keyed by the token's name (tables {@code homeserver_token*}, schema V6). Obtained from
 * {@link TokenDatabase#homeserverTokens}.
 *
 * <h2>The mapping</h2>
 * {@code max_usage} is the homeserver's {@code uses_allowed} (none: unlimited), {@code used} its
 * {@code completed}, {@code expiration_date} its expiry; its {@code pending} counts as pending too.
 * Kept here: the note, the creation time (for a token made elsewhere, when it was first seen), who
 * signed up through the portal, and what the homeserver has no field for:
 * <ul>
 *   <li><b>Switched off</b>: Synapse has no "disabled", refuses an expiry in the past, and reads a
 *       {@code uses_allowed} of 0 as "no limit". So a token that is disabled, given an expiry in the
 *       past, or left without uses (below) is expired in the homeserver at the moment of switching
 *       off ({@link HomeserverTokens#expireNow}), so that no client gets in either, and its settings
 *       are held here. They count only while the homeserver still has that expiry: a token whose
 *       expiry was changed elsewhere is the homeserver's again.</li>
 *   <li><b>Carried uses</b>: uses counted by the portal before {@code token migrate} put the token
 *       into the homeserver, whose count starts at 0 there; the homeserver gets the uses that are
 *       left as its limit, and the portal adds the carried uses to both its limit and its count. A
 *       token with no uses left is switched off.</li>
 * </ul>
 * Writes go to the database first when they switch a token off and to the homeserver first when
 * they switch it on, so that a failure half-way leaves the homeserver's state, which is what
 * counts, readable as it is.
 *
 * <h2>The use contract</h2>
 * A portal sign-up reserves its use here, as {@link JdbcInviteTokens} does (the same row lock of the
 * token's row here, {@code BEGIN IMMEDIATE} on SQLite), and the count it is judged by is the
 * homeserver's {@code completed + pending} plus the reservations the homeserver has not counted
 * itself yet ({@link #countedByHomeserver}). The homeserver is read before the lock, so that no
 * HTTP call holds the lock; every change here that could lower the count (a reservation counted by
 * the homeserver, completed or released) increments the token row's {@code revision} under the same
 * lock, and a reservation that finds the revision changed since it read the homeserver reads it
 * again inside the lock. So concurrent portal sign-ups, from any number of instances sharing this
 * database, never get more uses than the limit, whatever the homeserver's own check lets through.
 * Sign-ups from other clients are limited by the homeserver alone.
 *
 * <p>Every method throws {@link DatabaseUnavailableException} if the database fails, and whatever
 * {@link HomeserverTokens} throws if the homeserver does.
 */
public final class JdbcHomeserverInviteTokens extends JdbcTokenStore {
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
    private final HomeserverTokens homeserver;
    private final Clock clock;
    private final String lockSide;

    JdbcHomeserverInviteTokens(Jdbc jdbc, Dialect dialect, HomeserverTokens homeserver, Clock clock) {
        super(jdbc, ReservationTables.homeserver(jdbc));
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lockSide = dialect.locking(SIDE);
    }

    /** A token row: what the homeserver does not keep. */
    private record Side(TokenName name, String note, Instant createdAt, int carriedUses, boolean held,
            Optional<Instant> switchedOffAt, UsageLimit heldLimit, boolean disabled, Optional<Instant> wantedExpiry,
            boolean requiresApproval, long revision) {

        /** Whether the homeserver still has the expiry that switched the token off here. */
        boolean holds(HomeserverToken token) {
            return held && switchedOffAt.isPresent() && token.expiresAt().equals(switchedOffAt);
        }
    }

    /**
     * How the homeserver holds a token's settings: the limit it can take, and whether the token must
     * be switched off (disabled, expired, or no uses left after those carried).
     */
    private record Holding(OptionalInt usesAllowed, boolean switchedOff) {
        static Holding of(InviteToken wanted, int carried, Instant now) {
            if (wanted.limit().isUnlimited()) {
                return new Holding(OptionalInt.empty(), wanted.disabled() || wanted.isExpiredAt(now));
            }
            int left = wanted.limit().maximum() - carried;
            // 0 would be "no limit" to Synapse; a token with no uses left is switched off instead.
            return new Holding(OptionalInt.of(Math.max(1, left)), wanted.disabled() || wanted.isExpiredAt(now) || left < 1);
        }
    }

    /** A token's reservations: those that still count here, and the uncertain ones. */
    private record Counts(int counted, int unconfirmed) {
        static final Counts NONE = new Counts(0, 0);
    }

    // ---------------------------------------------------------------- tokens

    /**
     * Makes the token in the homeserver (with the uses left of a token that carries uses, or switched
     * off when it is disabled or expired), then its row here; if the row cannot be written, the
     * homeserver's token is removed again. An old row of the same name (a token deleted elsewhere) is
     * replaced, with its uses.
     */
    @Override
    public boolean add(InviteToken token) {
        return addWithUses(token, List.of());
    }

    /**
     * {@link #add} with uses recorded elsewhere (by the portal's own store, for {@code token migrate}):
     * the token's completed uses are carried, since the homeserver's count of a new token is 0.
     */
    public boolean addWithUses(InviteToken token, List<TokenUse> pastUses) {
        int carried = token.completedUses();
        Holding holding = Holding.of(token, carried, clock.instant());
        Optional<HomeserverToken> created = homeserver.create(token.name(), holding.usesAllowed(),
                holding.switchedOff() ? Optional.empty() : token.expiresAt());
        if (created.isEmpty()) {
            return false;
        }
        try {
            Optional<Instant> switchedOffAt = holding.switchedOff()
                    ? homeserver.expireNow(token.name()).flatMap(HomeserverToken::expiresAt)
                    : Optional.empty();
            jdbc.transaction("add a token", connection -> {
                Jdbc.update(connection, DELETE_SIDE, token.name().value());
                Jdbc.update(connection, INSERT_SIDE, token.name().value(), token.note(), TokenRows.micros(token.createdAt()),
                        carried, holding.switchedOff(), TokenRows.micros(switchedOffAt),
                        holding.switchedOff() ? Optional.of(token.limit().maximum()) : Optional.empty(),
                        holding.switchedOff() && token.disabled(),
                        holding.switchedOff() ? TokenRows.micros(token.expiresAt()) : Optional.empty(),
                        token.requiresApproval());
                for (TokenUse use : pastUses) {
                    reservations.insertUse(connection, use);
                }
                return null;
            });
        } catch (RuntimeException failed) {
            try {
                homeserver.delete(token.name());
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        return true;
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        Optional<HomeserverToken> held = homeserver.find(name);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.autoCommit("find a token", connection -> {
            Side side = side(connection, name).orElse(null);
            if (side == null) {
                Jdbc.update(connection, SEEN, name.value(), TokenRows.micros(clock.instant()));
                side = side(connection, name).orElseThrow();
            }
            return combine(held.get(), side, counts(connection, List.of(name)).getOrDefault(name, Counts.NONE));
        }));
    }

    /**
     * Every token of the homeserver, judged and paged here (a homeserver's tokens are a family's or a
     * community's, not millions): first-seen tokens get their row, so that their place in the order
     * stays put.
     */
    @Override
    public Page<InviteToken> list(TokenQuery query, Instant now) {
        List<HomeserverToken> all = homeserver.list();
        List<InviteToken> tokens = jdbc.autoCommit("list tokens", connection -> {
            Map<TokenName, Side> sides = sides(connection);
            List<HomeserverToken> unseen = all.stream().filter(token -> !sides.containsKey(token.name())).toList();
            if (!unseen.isEmpty()) {
                long seenAt = TokenRows.micros(clock.instant());
                for (HomeserverToken token : unseen) {
                    Jdbc.update(connection, SEEN, token.name().value(), seenAt);
                }
                sides.putAll(sides(connection));
            }
            Map<TokenName, Counts> counts = counts(connection, null);
            return all.stream().map(token -> combine(token, sides.get(token.name()),
                    counts.getOrDefault(token.name(), Counts.NONE))).toList();
        });
        Comparator<InviteToken> byKey = Comparator.comparing(InviteToken::createdAt)
                .thenComparing(token -> token.name().value());
        Comparator<InviteToken> order = query.order() == TokenQuery.Order.NEWEST_FIRST ? byKey.reversed() : byKey;
        List<InviteToken> matching = tokens.stream()
                .filter(token -> query.status().includes(TokenStatus.of(token, now)))
                .filter(query::matchesSearch)
                .sorted(order)
                .toList();
        List<InviteToken> after = query.after().map(cursor -> matching.stream()
                .filter(token -> order.compare(token, keyOf(cursor)) > 0).toList()).orElse(matching);
        int from = Math.min(query.offset(), after.size());
        int to = Math.min(from + query.limit(), after.size());
        List<InviteToken> items = after.subList(from, to);
        Optional<TokenCursor> next = to < after.size() ? Optional.of(TokenCursor.of(items.get(items.size() - 1)))
                : Optional.empty();
        return new Page<>(items, query.countTotal() ? OptionalLong.of(matching.size()) : OptionalLong.empty(), next);
    }

    private static InviteToken keyOf(TokenCursor cursor) {
        return InviteToken.fresh(cursor.name(), UsageLimit.UNLIMITED, Optional.empty(), "", cursor.createdAt());
    }

    /**
     * Applies the settings: the limit and expiry go to the homeserver, unless the token is to be
     * switched off, which expires it there now and holds its settings here. The row is written first
     * when switching off and last when switching on, so that a failure half-way leaves the token
     * readable as the homeserver has it. The note and approval are only kept here.
     */
    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        Optional<InviteToken> current = find(name);
        if (current.isEmpty() || changes.isEmpty()) {
            return current;
        }
        InviteToken wanted = current.get().withSettings(changes);
        Side side = jdbc.autoCommit("change a token", connection -> side(connection, name)).orElseThrow();
        Holding holding = Holding.of(wanted, side.carriedUses(), clock.instant());
        if (holding.switchedOff()) {
            settings(name, wanted, true);
            Optional<HomeserverToken> expired = homeserver.expireNow(name);
            if (expired.isEmpty()) {
                return Optional.empty();
            }
            jdbc.autoCommit("change a token", connection -> Jdbc.update(connection, SWITCHED_OFF,
                    TokenRows.micros(expired.get().expiresAt()), name.value()));
            return find(name);
        }
        boolean homeserverSettings = side.held() || !wanted.limit().equals(current.get().limit())
                || !wanted.expiresAt().equals(current.get().expiresAt());
        if (homeserverSettings && homeserver.update(name, holding.usesAllowed(), wanted.expiresAt()).isEmpty()) {
            return Optional.empty();
        }
        settings(name, wanted, false);
        return find(name);
    }

    private void settings(TokenName name, InviteToken wanted, boolean held) {
        jdbc.autoCommit("change a token", connection -> Jdbc.update(connection, SETTINGS, wanted.note(),
                wanted.requiresApproval(), held, held ? Optional.of(wanted.limit().maximum()) : Optional.empty(),
                held && wanted.disabled(), held ? TokenRows.micros(wanted.expiresAt()) : Optional.empty(), name.value()));
    }

    /** Deletes the homeserver's token, then its row here with its uses and reservations. */
    @Override
    public boolean delete(TokenName name) {
        boolean deleted = homeserver.delete(name);
        jdbc.autoCommit("delete a token", connection -> Jdbc.update(connection, DELETE_SIDE, name.value()));
        return deleted;
    }

    // ---------------------------------------------------------------- uses

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        OptionalLong revisionBefore = jdbc.autoCommit("reserve a token use", connection -> revision(connection, name));
        Optional<HomeserverToken> read = homeserver.find(name);
        if (read.isEmpty()) {
            return new Admission.Refused(TokenRefusal.UNKNOWN);
        }
        if (revisionBefore.isEmpty()) {
            jdbc.autoCommit("reserve a token use", connection ->
                    Jdbc.update(connection, SEEN, name.value(), TokenRows.micros(clock.instant())));
        }
        return jdbc.transaction("reserve a token use", connection -> {
            Optional<Side> side = lockedSide(connection, name);
            if (side.isEmpty()) {
                return new Admission.Refused(TokenRefusal.UNKNOWN);
            }
            HomeserverToken counted = read.get();
            if (revisionBefore.isEmpty() || revisionBefore.getAsLong() != side.get().revision()) {
                // A reservation was counted by the homeserver, completed or released since the
                // homeserver was read: its count may be missing from that read. Read it again under
                // the lock, where nothing can change the revision.
                Optional<HomeserverToken> again = homeserver.find(name);
                if (again.isEmpty()) {
                    return new Admission.Refused(TokenRefusal.UNKNOWN);
                }
                counted = again.get();
            }
            InviteToken token = combine(counted, side.get(),
                    counts(connection, List.of(name)).getOrDefault(name, Counts.NONE));
            if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
                return refused;
            }
            Reservation reservation = Reservation.newFor(name, userId, now, token.requiresApproval());
            reservations.insert(connection, reservation);
            return reservation;
        });
    }

    @Override
    public void countedByHomeserver(Reservation reservation) {
        jdbc.transaction("note a token use the homeserver counted", connection -> {
            Jdbc.update(connection, BUMP, reservation.token().value());
            return Jdbc.update(connection, COUNTED, reservation.id());
        });
    }

    /** Records who signed up; the homeserver counted the use itself when the account was made. */
    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientAddress, "clientAddress");
        return jdbc.transaction("record a token use", connection -> Jdbc.update(connection, BUMP,
                reservation.token().value()) > 0 && reservations.recordUse(connection, reservation, at, clientAddress));
    }

    @Override
    public void release(Reservation reservation) {
        jdbc.transaction("release a token use", connection -> {
            Jdbc.update(connection, BUMP, reservation.token().value());
            return reservations.delete(connection, reservation);
        });
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        return jdbc.autoCommit("find token uses to settle",
                connection -> reservations.unsettled(connection, staleBefore, now, limit));
    }

    /**
     * Who signed up through the portal, oldest first, then one use without a name for each use the
     * homeserver counted that the portal did not see (made from another client).
     */
    @Override
    public List<TokenUse> uses(TokenName name) {
        return find(name).map(token -> withUnnamed(token, reservations.uses(List.of(name)).getOrDefault(name, List.of())))
                .orElse(List.of());
    }

    @Override
    public Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<TokenName, HomeserverToken> held = homeserver.list().stream()
                .filter(token -> names.contains(token.name()))
                .collect(Collectors.toMap(HomeserverToken::name, Function.identity()));
        if (held.isEmpty()) {
            return Map.of();
        }
        Map<TokenName, List<TokenUse>> named = reservations.uses(held.keySet());
        Map<TokenName, Integer> carried = jdbc.autoCommit("list the uses of tokens", connection -> {
            Map<TokenName, Integer> found = new HashMap<>();
            sides(connection).forEach((name, side) -> found.put(name, side.carriedUses()));
            return found;
        });
        Map<TokenName, List<TokenUse>> found = new LinkedHashMap<>();
        for (TokenName name : names) {
            HomeserverToken token = held.get(name);
            if (token != null) {
                List<TokenUse> uses = withUnnamed(name, token.completed() + carried.getOrDefault(name, 0),
                        named.getOrDefault(name, List.of()));
                if (!uses.isEmpty()) {
                    found.put(name, uses);
                }
            }
        }
        return found;
    }

    private static List<TokenUse> withUnnamed(InviteToken token, List<TokenUse> named) {
        return withUnnamed(token.name(), token.completedUses(), named);
    }

    private static List<TokenUse> withUnnamed(TokenName name, int completed, List<TokenUse> named) {
        int unnamed = Math.max(0, completed - named.size());
        if (unnamed == 0) {
            return named;
        }
        List<TokenUse> all = new ArrayList<>(named);
        all.addAll(Collections.nCopies(unnamed, new TokenUse(name, Optional.empty(), Optional.empty(), Optional.empty())));
        return all;
    }

    // ---------------------------------------------------------------- the mapping

    /**
     * The invite token that the homeserver's token and the row here make together; see the class
     * comment for the rules.
     */
    private static InviteToken combine(HomeserverToken held, Side side, Counts counts) {
        int carried = side.carriedUses();
        UsageLimit limit;
        boolean disabled;
        Optional<Instant> expiresAt;
        if (side.holds(held)) {
            limit = side.heldLimit();
            disabled = side.disabled();
            expiresAt = side.wantedExpiry();
        } else {
            // 0 is "no limit" to Synapse, as null is.
            int allowed = held.usesAllowed().orElse(0);
            limit = allowed == 0 ? UsageLimit.UNLIMITED : UsageLimit.of(allowed + carried);
            disabled = false;
            expiresAt = held.expiresAt();
        }
        int pending = held.pending() + counts.counted();
        UseCounts uses = new UseCounts(held.completed() + carried, pending, Math.min(counts.unconfirmed(), pending));
        return new InviteToken(held.name(), limit, expiresAt, disabled, side.note(), side.createdAt(), uses,
                side.requiresApproval());
    }

    // ---------------------------------------------------------------- rows

    private static Optional<Side> side(Connection connection, TokenName name) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, SIDE, name.value());
                ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(side(row)) : Optional.empty();
        }
    }

    private Optional<Side> lockedSide(Connection connection, TokenName name) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, lockSide, name.value());
                ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(side(row)) : Optional.empty();
        }
    }

    private static Map<TokenName, Side> sides(Connection connection) throws SQLException {
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

    /** The reservations of {@code names}, or of every token when null. */
    private static Map<TokenName, Counts> counts(Connection connection, List<TokenName> names) throws SQLException {
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

    private static OptionalLong revision(Connection connection, TokenName name) throws SQLException {
        try (PreparedStatement statement = Jdbc.prepare(connection, REVISION, name.value());
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    @Override
    public String toString() {
        return "JdbcHomeserverInviteTokens[" + homeserver + "]";
    }
}
