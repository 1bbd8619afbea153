package org.matrixregistration.core.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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

/**
 * {@link InviteTokens} in one JVM's memory; every operation holds one lock, which makes the
 * reserve contract trivially atomic. Nothing survives a restart, and two processes do not share it.
 */
public final class InMemoryInviteTokens implements InviteTokens {
    
    /** A token's settings and completed-use count; pending uses are derived from reservations. */
    private final Map<TokenName, InviteToken> tokens = new LinkedHashMap<>();
    private final Map<String, Reservation> reservations = new HashMap<>();
    private final Map<TokenName, List<TokenUse>> uses = new HashMap<>();
    private final Clock clock;
    private final Duration reservationLifetime;
    private final Object lock = new Object();

    public InMemoryInviteTokens(Clock clock) {
        this(clock, Reservation.DEFAULT_LIFETIME);
    }

    /** @param clock tells how old a reservation is when a token is read */
    public InMemoryInviteTokens(Clock clock, Duration reservationLifetime) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.reservationLifetime = Objects.requireNonNull(reservationLifetime, "reservationLifetime");
        if (reservationLifetime.isNegative() || reservationLifetime.isZero()) {
            throw new IllegalArgumentException("the reservation lifetime must be positive");
        }
    }

    @Override
    public boolean add(InviteToken token) {
        synchronized (lock) {
            if (tokens.containsKey(token.name())) {
                return false;
            }
            tokens.put(token.name(), new InviteToken(token.name(), token.limit(), token.expiresAt(), token.disabled(),
                    token.note(), token.createdAt(), token.completedUses(), 0));
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
            return Optional.ofNullable(tokens.get(name)).map(token -> withPending(token, clock.instant()));
        }
    }

    @Override
    public Page<InviteToken> list(TokenQuery query) {
        synchronized (lock) {
            List<InviteToken> matching = tokens.values().stream()
                    .map(token -> withPending(token, query.now()))
                    .filter(token -> switch (query.activity()) {
                        case ALL -> true;
                        case ACTIVE -> token.isActiveAt(query.now());
                        case INACTIVE -> !token.isActiveAt(query.now());
                    })
                    .sorted(Comparator.comparing(InviteToken::createdAt).thenComparing(t -> t.name().value()))
                    .toList();
            int from = Math.min(query.offset(), matching.size());
            int to = Math.min(from + query.limit(), matching.size());
            return new Page<>(matching.subList(from, to), matching.size(), query.offset());
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
            return Optional.of(withPending(changed, clock.instant()));
        }
    }

    @Override
    public boolean delete(TokenName name) {
        synchronized (lock) {
            if (tokens.remove(name) == null) {
                return false;
            }
            uses.remove(name);
            reservations.values().removeIf(reservation -> reservation.token().equals(name));
            return true;
        }
    }

    @Override
    public ReserveOutcome reserve(TokenName name, Instant now) {
        synchronized (lock) {
            Optional<InviteToken> token = Optional.ofNullable(tokens.get(name)).map(found -> withPending(found, now));
            if (TokenPolicy.evaluate(token, now) instanceof Admission.Refused refused) {
                return refused;
            }
            Reservation reservation = Reservation.newFor(name, now);
            reservations.put(reservation.id(), reservation);
            return reservation;
        }
    }

    @Override
    public boolean complete(Reservation reservation, String userId, Instant at, Optional<String> clientAddress) {
        synchronized (lock) {
            if (reservations.remove(reservation.id()) == null) {
                return false;
            }
            InviteToken token = tokens.get(reservation.token());
            if (token == null) {
                return false;
            }
            tokens.put(token.name(), new InviteToken(token.name(), token.limit(), token.expiresAt(), token.disabled(),
                    token.note(), token.createdAt(), token.completedUses() + 1, 0));
            uses.get(token.name()).add(new TokenUse(token.name(), Optional.of(userId), Optional.of(at), clientAddress));
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
    public List<TokenUse> uses(TokenName name) {
        synchronized (lock) {
            return List.copyOf(uses.getOrDefault(name, List.of()));
        }
    }

    private InviteToken withPending(InviteToken token, Instant now) {
        Instant staleBefore = now.minus(reservationLifetime);
        int pending = (int) reservations.values().stream()
                .filter(reservation -> reservation.token().equals(token.name()))
                .filter(reservation -> reservation.reservedAt().isAfter(staleBefore))
                .count();
        return new InviteToken(token.name(), token.limit(), token.expiresAt(), token.disabled(), token.note(),
                token.createdAt(), token.completedUses(), pending);
    }
}
