package org.matrixregistration.core.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReservationState;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;
import org.matrixregistration.core.token.UseCounts;

/**
 * {@link InviteTokens} in one JVM's memory; every operation holds one lock, which makes the
 * reserve contract trivially atomic. Nothing survives a restart, and two processes do not share it.
 */
public final class InMemoryInviteTokens implements InviteTokens {

    /** A reservation not settled yet, with what a settler needs. */
    private record Held(Reservation reservation, ReservationState state, int attempts, Instant dueAt,
            Optional<String> detail) {}

    /** A token's settings and completed-use count; pending uses are derived from reservations. */
    private final Map<TokenName, InviteToken> tokens = new LinkedHashMap<>();
    private final Map<String, Held> reservations = new HashMap<>();
    private final Set<String> recorded = new HashSet<>();
    private final Map<TokenName, List<TokenUse>> uses = new HashMap<>();
    private final Object lock = new Object();

    @Override
    public boolean add(InviteToken token) {
        synchronized (lock) {
            if (tokens.containsKey(token.name())) {
                return false;
            }
            tokens.put(token.name(), token.withUses(UseCounts.completed(token.completedUses())));
            uses.put(token.name(), new ArrayList<>());
            return true;
        }
    }

    /**
     * Stores a token together with uses recorded elsewhere (an import); the completed-use count is
     * the token's own, which may exceed the number of uses when IP logging was off.
     */
    public boolean addWithUses(InviteToken token, List<TokenUse> pastUses) {
        synchronized (lock) {
            if (!add(token)) {
                return false;
            }
            uses.get(token.name()).addAll(pastUses);
            return true;
        }
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        synchronized (lock) {
            return Optional.ofNullable(tokens.get(name)).map(this::withPending);
        }
    }

    @Override
    public Page<InviteToken> list(TokenQuery query, Instant now) {
        synchronized (lock) {
            return query.page(tokens.values().stream().map(this::withPending).toList(), now);
        }
    }

    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        synchronized (lock) {
            InviteToken current = tokens.get(name);
            if (current == null) {
                return Optional.empty();
            }
            InviteToken changed = current.withSettings(changes);
            tokens.put(name, changed);
            return Optional.of(withPending(changed));
        }
    }

    @Override
    public boolean delete(TokenName name) {
        synchronized (lock) {
            if (tokens.remove(name) == null) {
                return false;
            }
            uses.remove(name);
            reservations.values().removeIf(held -> held.reservation().token().equals(name));
            return true;
        }
    }

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        synchronized (lock) {
            Optional<InviteToken> token = Optional.ofNullable(tokens.get(name)).map(this::withPending);
            if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
                return refused;
            }
            Reservation reservation = Reservation.newFor(name, userId, now, token.get().requiresApproval());
            reservations.put(reservation.id(), new Held(reservation, ReservationState.IN_FLIGHT, 0, now, Optional.empty()));
            return reservation;
        }
    }

    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        synchronized (lock) {
            reservations.remove(reservation.id());
            InviteToken token = tokens.get(reservation.token());
            if (token == null || !recorded.add(reservation.id())) {
                return false;
            }
            tokens.put(token.name(), token.withUses(UseCounts.completed(token.completedUses() + 1)));
            uses.get(token.name()).add(new TokenUse(token.name(), Optional.of(reservation.userId().toString()),
                    Optional.of(at), clientAddress));
            return true;
        }
    }

    @Override
    public void release(Reservation reservation) {
        synchronized (lock) {
            reservations.remove(reservation.id());
        }
    }

    @Override
    public void markUncertain(Reservation reservation, String reason) {
        synchronized (lock) {
            reservations.computeIfPresent(reservation.id(), (id, held) ->
                    new Held(held.reservation(), ReservationState.UNCERTAIN, held.attempts(), Instant.MIN, Optional.of(reason)));
        }
    }

    @Override
    public void awaitDecision(Reservation reservation) {
        synchronized (lock) {
            reservations.computeIfPresent(reservation.id(), (id, held) ->
                    new Held(held.reservation(), ReservationState.AWAITING_DECISION, held.attempts(), held.dueAt(),
                            held.detail()));
        }
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        synchronized (lock) {
            return reservations.values().stream()
                    .filter(held -> switch (held.state()) {
                        case UNCERTAIN -> !held.dueAt().isAfter(now);
                        case IN_FLIGHT -> held.reservation().reservedAt().isBefore(staleBefore);
                        case AWAITING_DECISION -> false;
                    })
                    .sorted(Comparator.comparing((Held held) -> held.reservation().reservedAt()))
                    .limit(limit)
                    .map(held -> new UnsettledUse(held.reservation(), held.state(), held.attempts(), held.detail()))
                    .toList();
        }
    }

    @Override
    public void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        synchronized (lock) {
            reservations.computeIfPresent(reservation.id(), (id, held) ->
                    new Held(held.reservation(), ReservationState.UNCERTAIN, attempts, nextAttempt, Optional.of(reason)));
        }
    }

    @Override
    public Map<TokenName, List<TokenUse>> uses(Collection<TokenName> names) {
        synchronized (lock) {
            Map<TokenName, List<TokenUse>> found = new LinkedHashMap<>();
            for (TokenName name : names) {
                List<TokenUse> recorded = uses.get(name);
                if (recorded != null) {
                    found.put(name, List.copyOf(recorded));
                }
            }
            return found;
        }
    }

    @Override
    public int countUnconfirmed() {
        synchronized (lock) {
            return (int) reservations.values().stream().filter(held -> held.state() == ReservationState.UNCERTAIN).count();
        }
    }

    @Override
    public List<TokenUse> uses(TokenName name) {
        synchronized (lock) {
            return List.copyOf(uses.getOrDefault(name, List.of()));
        }
    }

    private InviteToken withPending(InviteToken token) {
        int pending = 0;
        int unconfirmed = 0;
        for (Held held : reservations.values()) {
            if (held.reservation().token().equals(token.name())) {
                pending++;
                if (held.state() == ReservationState.UNCERTAIN) {
                    unconfirmed++;
                }
            }
        }
        return token.withUses(new UseCounts(token.completedUses(), pending, unconfirmed));
    }
}
