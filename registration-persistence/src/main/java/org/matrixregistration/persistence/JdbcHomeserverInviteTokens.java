package org.matrixregistration.persistence;

import static org.matrixregistration.persistence.HomeserverTokenMapping.combine;
import static org.matrixregistration.persistence.HomeserverTokenMapping.withUnnamed;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenRefusal;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;
import org.matrixregistration.persistence.HomeserverTokenMapping.Holding;
import org.matrixregistration.persistence.HomeserverTokenRows.Counts;
import org.matrixregistration.persistence.HomeserverTokenRows.Side;

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
 * <p>This class orders the steps between the homeserver and the database; the rows are
 * {@link HomeserverTokenRows}, the rules of the mapping {@link HomeserverTokenMapping}, and the
 * reservations and recorded uses the same {@link ReservationTables} as the portal's own store.
 * Every method throws {@link DatabaseUnavailableException} if the database fails, and whatever
 * {@link HomeserverTokens} throws if the homeserver does.
 */
public final class JdbcHomeserverInviteTokens extends JdbcTokenStore {
    private final HomeserverTokens homeserver;
    private final Clock clock;
    private final HomeserverTokenRows rows;

    JdbcHomeserverInviteTokens(Jdbc jdbc, Dialect dialect, HomeserverTokens homeserver, Clock clock) {
        super(jdbc, ReservationTables.homeserver(jdbc));
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rows = new HomeserverTokenRows(dialect);
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
                rows.replace(connection, token, carried, holding.switchedOff(), switchedOffAt);
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
        return Optional.of(jdbc.autoCommit("find a token", connection -> combine(held.get(),
                rows.seenSide(connection, name, clock.instant()),
                rows.counts(connection, List.of(name)).getOrDefault(name, Counts.NONE))));
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
            Map<TokenName, Side> sides = rows.sides(connection);
            List<TokenName> unseen = all.stream().map(HomeserverToken::name).filter(name -> !sides.containsKey(name))
                    .toList();
            if (!unseen.isEmpty()) {
                rows.seen(connection, unseen, clock.instant());
                sides.putAll(rows.sides(connection));
            }
            Map<TokenName, Counts> counts = rows.counts(connection, null);
            return all.stream().map(token -> combine(token, sides.get(token.name()),
                    counts.getOrDefault(token.name(), Counts.NONE))).toList();
        });
        return query.page(tokens, now);
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
        Side side = jdbc.autoCommit("change a token", connection -> rows.side(connection, name)).orElseThrow();
        Holding holding = Holding.of(wanted, side.carriedUses(), clock.instant());
        if (holding.switchedOff()) {
            settings(name, wanted, true);
            Optional<HomeserverToken> expired = homeserver.expireNow(name);
            if (expired.isEmpty()) {
                return Optional.empty();
            }
            jdbc.autoCommit("change a token", connection -> rows.switchedOff(connection, name, expired.get().expiresAt()));
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
        jdbc.autoCommit("change a token", connection -> rows.settings(connection, name, wanted, held));
    }

    /** Deletes the homeserver's token, then its row here with its uses and reservations. */
    @Override
    public boolean delete(TokenName name) {
        boolean deleted = homeserver.delete(name);
        jdbc.autoCommit("delete a token", connection -> rows.delete(connection, name));
        return deleted;
    }

    // ---------------------------------------------------------------- uses

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        OptionalLong revisionBefore = jdbc.autoCommit("reserve a token use", connection -> rows.revision(connection, name));
        Optional<HomeserverToken> read = homeserver.find(name);
        if (read.isEmpty()) {
            return new Admission.Refused(TokenRefusal.UNKNOWN);
        }
        if (revisionBefore.isEmpty()) {
            jdbc.autoCommit("reserve a token use", connection -> rows.seen(connection, List.of(name), clock.instant()));
        }
        return jdbc.transaction("reserve a token use", connection -> {
            Optional<Side> side = rows.lockedSide(connection, name);
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
                    rows.counts(connection, List.of(name)).getOrDefault(name, Counts.NONE));
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
            rows.bump(connection, reservation.token());
            return rows.countedByHomeserver(connection, reservation.id());
        });
    }

    /** Records who signed up; the homeserver counted the use itself when the account was made. */
    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientAddress, "clientAddress");
        return jdbc.transaction("record a token use", connection -> rows.bump(connection, reservation.token())
                && reservations.recordUse(connection, reservation, at, clientAddress));
    }

    @Override
    public void release(Reservation reservation) {
        jdbc.transaction("release a token use", connection -> {
            rows.bump(connection, reservation.token());
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
        return find(name).map(token -> withUnnamed(name, token.completedUses(),
                reservations.uses(List.of(name)).getOrDefault(name, List.of()))).orElse(List.of());
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
        Map<TokenName, Side> sides = jdbc.autoCommit("list the uses of tokens", rows::sides);
        Map<TokenName, List<TokenUse>> found = new LinkedHashMap<>();
        for (TokenName name : names) {
            HomeserverToken token = held.get(name);
            if (token != null) {
                int carried = Optional.ofNullable(sides.get(name)).map(Side::carriedUses).orElse(0);
                List<TokenUse> uses = withUnnamed(name, token.completed() + carried, named.getOrDefault(name, List.of()));
                if (!uses.isEmpty()) {
                    found.put(name, uses);
                }
            }
        }
        return found;
    }

    @Override
    public String toString() {
        return "JdbcHomeserverInviteTokens[" + homeserver + "]";
    }
}
