package org.matrixregistration.dist;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.InviteToken;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Page;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenChanges;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenQuery;
import org.matrixregistration.core.token.TokenUse;
import org.matrixregistration.core.token.UnsettledUse;

/**
 * The token store while the database is still being opened: every call waits for the store and
 * then goes to it. It lets {@code serve} build the web stack while the database opens, since the
 * two are independent until the first request and together are most of start-up.
 */
final class OpeningInviteTokens implements InviteTokens {
    private final CompletableFuture<? extends InviteTokens> store;

    OpeningInviteTokens(CompletableFuture<? extends InviteTokens> store) {
        this.store = store;
    }

    /** The value of {@code future}, with the failure that opening it threw, unwrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private InviteTokens store() {
        return await(store);
    }

    @Override
    public boolean add(InviteToken token) {
        return store().add(token);
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        return store().find(name);
    }

    @Override
    public Page<InviteToken> list(TokenQuery query, Instant now) {
        return store().list(query, now);
    }

    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        return store().change(name, changes);
    }

    @Override
    public boolean delete(TokenName name) {
        return store().delete(name);
    }

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        return store().reserve(name, userId, now);
    }

    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        return store().complete(reservation, at, clientAddress);
    }

    @Override
    public void markUncertain(Reservation reservation, String reason) {
        store().markUncertain(reservation, reason);
    }

    @Override
    public void awaitDecision(Reservation reservation) {
        store().awaitDecision(reservation);
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        return store().unsettled(staleBefore, now, limit);
    }

    @Override
    public void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        store().postpone(reservation, attempts, nextAttempt, reason);
    }

    @Override
    public void release(Reservation reservation) {
        store().release(reservation);
    }

    @Override
    public java.util.Map<TokenName, List<TokenUse>> uses(java.util.Collection<TokenName> names) {
        return store().uses(names);
    }

    @Override
    public void countedByHomeserver(Reservation reservation) {
        store().countedByHomeserver(reservation);
    }

    @Override
    public int countUnconfirmed() {
        return store().countUnconfirmed();
    }

    @Override
    public List<TokenUse> uses(TokenName name) {
        return store().uses(name);
    }
}
