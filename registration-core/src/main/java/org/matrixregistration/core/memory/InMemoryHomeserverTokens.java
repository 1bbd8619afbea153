package org.matrixregistration.core.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.matrixregistration.core.token.HomeserverToken;
import org.matrixregistration.core.token.HomeserverTokens;
import org.matrixregistration.core.token.TokenName;

/**
 * A homeserver's registration tokens in memory, for tests of stores built on {@link HomeserverTokens}.
 * It takes any expiry, past ones too; {@link #registered} and {@link #started} count uses as a
 * homeserver does when someone registers with a token.
 */
public final class InMemoryHomeserverTokens implements HomeserverTokens {
    private final Map<TokenName, HomeserverToken> tokens = new LinkedHashMap<>();
    private final Clock clock;

    /** A homeserver whose present moment is the system clock's. */
    public InMemoryHomeserverTokens() {
        this(Clock.systemUTC());
    }

    /** @param clock the homeserver's own clock, which {@link #expireNow} reads */
    public InMemoryHomeserverTokens(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized List<HomeserverToken> list() {
        return List.copyOf(tokens.values());
    }

    @Override
    public synchronized Optional<HomeserverToken> find(TokenName name) {
        return Optional.ofNullable(tokens.get(name));
    }

    @Override
    public synchronized Optional<HomeserverToken> create(TokenName name, OptionalInt usesAllowed,
            Optional<Instant> expiresAt) {
        if (tokens.containsKey(name)) {
            return Optional.empty();
        }
        HomeserverToken token = HomeserverToken.fresh(name, usesAllowed, expiresAt.map(InMemoryHomeserverTokens::millis));
        tokens.put(name, token);
        return Optional.of(token);
    }

    @Override
    public synchronized Optional<HomeserverToken> update(TokenName name, OptionalInt usesAllowed,
            Optional<Instant> expiresAt) {
        HomeserverToken current = tokens.get(name);
        if (current == null) {
            return Optional.empty();
        }
        HomeserverToken updated = new HomeserverToken(name, usesAllowed, current.pending(), current.completed(),
                expiresAt.map(InMemoryHomeserverTokens::millis));
        tokens.put(name, updated);
        return Optional.of(updated);
    }

    @Override
    public synchronized Optional<HomeserverToken> expireNow(TokenName name) {
        HomeserverToken current = tokens.get(name);
        if (current == null) {
            return Optional.empty();
        }
        return update(name, current.usesAllowed(), Optional.of(clock.instant()));
    }

    @Override
    public synchronized boolean delete(TokenName name) {
        return tokens.remove(name) != null;
    }

    /** Someone finished registering with the token (from any client): {@code completed} grows. */
    public synchronized void registered(TokenName name) {
        HomeserverToken current = tokens.get(name);
        if (current != null) {
            tokens.put(name, new HomeserverToken(name, current.usesAllowed(), current.pending(), current.completed() + 1,
                    current.expiresAt()));
        }
    }

    /** Someone passed the token's stage and has not finished: {@code pending} grows. */
    public synchronized void started(TokenName name) {
        HomeserverToken current = tokens.get(name);
        if (current != null) {
            tokens.put(name, new HomeserverToken(name, current.usesAllowed(), current.pending() + 1, current.completed(),
                    current.expiresAt()));
        }
    }

    /** The homeserver keeps milliseconds. */
    private static Instant millis(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }
}
