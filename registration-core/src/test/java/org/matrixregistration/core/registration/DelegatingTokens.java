package org.matrixregistration.core.registration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

/** A store that forwards every call, so a test can override one step to inject a race or a failure. */
class DelegatingTokens implements InviteTokens {
    private final InviteTokens delegate;

    DelegatingTokens(InviteTokens delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean add(InviteToken token) {
        return delegate.add(token);
    }

    @Override
    public Optional<InviteToken> find(TokenName name) {
        return delegate.find(name);
    }

    @Override
    public Page<InviteToken> list(TokenQuery query, Instant now) {
        return delegate.list(query, now);
    }

    @Override
    public Optional<InviteToken> change(TokenName name, TokenChanges changes) {
        return delegate.change(name, changes);
    }

    @Override
    public boolean delete(TokenName name) {
        return delegate.delete(name);
    }

    @Override
    public ReserveOutcome reserve(TokenName name, UserId userId, Instant now) {
        return delegate.reserve(name, userId, now);
    }

    @Override
    public boolean complete(Reservation reservation, Instant at, Optional<String> clientAddress) {
        return delegate.complete(reservation, at, clientAddress);
    }

    @Override
    public void markUncertain(Reservation reservation, String reason) {
        delegate.markUncertain(reservation, reason);
    }

    @Override
    public void awaitDecision(Reservation reservation) {
        delegate.awaitDecision(reservation);
    }

    @Override
    public List<UnsettledUse> unsettled(Instant staleBefore, Instant now, int limit) {
        return delegate.unsettled(staleBefore, now, limit);
    }

    @Override
    public void postpone(Reservation reservation, int attempts, Instant nextAttempt, String reason) {
        delegate.postpone(reservation, attempts, nextAttempt, reason);
    }

    @Override
    public void release(Reservation reservation) {
        delegate.release(reservation);
    }

    @Override
    public int countUnconfirmed() {
        return delegate.countUnconfirmed();
    }

    @Override
    public List<TokenUse> uses(TokenName name) {
        return delegate.uses(name);
    }

    @Override
    public java.util.Map<TokenName, List<TokenUse>> uses(java.util.Collection<TokenName> names) {
        return delegate.uses(names);
    }

    @Override
    public void countedByHomeserver(Reservation reservation) {
        delegate.countedByHomeserver(reservation);
    }
}
