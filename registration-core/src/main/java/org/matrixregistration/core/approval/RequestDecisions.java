package org.matrixregistration.core.approval;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.matrixregistration.core.token.InviteTokens;

/**
 * {@link DecideRequests} over the request store, the token store and the homeserver. A decision is
 * first recorded (one wins, see {@link RegistrationRequests#replace}) and then carried out; a step
 * that fails leaves the request needing attention, and the same decision again finishes it.
 */
public final class RequestDecisions implements DecideRequests {
    private static final Logger LOG = Logger.getLogger(RequestDecisions.class.getName());
    public static final Duration DEFAULT_EXPIRY = Duration.ofDays(14);

    private final RegistrationRequests requests;
    private final InviteTokens tokens;
    private final LockedAccounts accounts;
    private final RequestNotices notices;
    private final Duration expireAfter;
    private final Clock clock;

    public RequestDecisions(RegistrationRequests requests, InviteTokens tokens, LockedAccounts accounts,
            RequestNotices notices, Duration expireAfter, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.expireAfter = Objects.requireNonNull(expireAfter, "expireAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<RegistrationRequest> list(Optional<RequestStatus> status) {
        return requests.list(status, MAX_LIST);
    }

    @Override
    public Optional<RegistrationRequest> get(String id) {
        return requests.find(id);
    }

    @Override
    public Decision approve(String id) {
        Optional<RegistrationRequest> found = requests.find(id);
        if (found.isEmpty()) {
            return new Decision.NotFound();
        }
        RegistrationRequest request = found.get();
        if (!decidable(request, true)) {
            return new Decision.Conflict(request);
        }
        Instant now = clock.instant();
        RegistrationRequest approved = request.decided(RequestStatus.APPROVED, now, Optional.empty());
        if (!requests.replace(request, approved)) {
            return new Decision.Conflict(requests.find(id).orElse(request));
        }
        if (!accounts.unlock(request.userId())) {
            RegistrationRequest stuck = approved.needing(Attention.UNLOCK, now, Optional.empty());
            requests.replace(approved, stuck);
            return new Decision.Incomplete(stuck);
        }
        tokens.complete(request.reservation(), request.requestedAt(), Optional.empty());
        LOG.info(() -> "Approved the registration of " + request.userId());
        notices.decided(approved);
        return new Decision.Done(approved);
    }

    @Override
    public Decision deny(String id, Optional<String> reason) {
        Optional<RegistrationRequest> found = requests.find(id);
        if (found.isEmpty()) {
            return new Decision.NotFound();
        }
        RegistrationRequest request = found.get();
        if (!decidable(request, false)) {
            return new Decision.Conflict(request);
        }
        Instant now = clock.instant();
        Optional<String> why = reason.map(String::strip).filter(text -> !text.isEmpty())
                .or(() -> request.reason());
        RegistrationRequest denied = request.decided(RequestStatus.DENIED, now, why);
        if (!requests.replace(request, denied)) {
            return new Decision.Conflict(requests.find(id).orElse(request));
        }
        if (!accounts.erase(request.userId())) {
            RegistrationRequest stuck = denied.needing(Attention.ERASE, now, why);
            requests.replace(denied, stuck);
            return new Decision.Incomplete(stuck);
        }
        tokens.release(request.reservation());
        LOG.info(() -> "Denied the registration of " + request.userId() + "; the account is deactivated");
        notices.decided(denied);
        return new Decision.Done(denied);
    }

    @Override
    public int expirePending() {
        String why = "not decided within " + expireAfter.toDays() + " days";
        int expired = 0;
        for (RegistrationRequest request : requests.pendingBefore(clock.instant().minus(expireAfter), MAX_LIST)) {
            if (deny(request.id(), Optional.of(why)) instanceof Decision.Done) {
                expired++;
            }
        }
        return expired;
    }

    /** Pending requests take either decision; one needing attention only the decision that finishes it. */
    private static boolean decidable(RegistrationRequest request, boolean approve) {
        return request.status() == RequestStatus.PENDING
                || request.status() == RequestStatus.NEEDS_ATTENTION && request.attention().orElseThrow().finishedBy(approve);
    }
}
