package org.matrixregistration.core.approval;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;

/**
 * The part of a sign-up that differs when its token requires approval. The request is recorded
 * before any account exists, as unfinished, so that whatever fails later (the homeserver between
 * its steps, this process) leaves something an admin sees and a denial cleans up; it becomes
 * pending once the account exists, locked, with the chosen password.
 */
public final class ApprovalSignUp {
    private static final Logger LOG = Logger.getLogger(ApprovalSignUp.class.getName());

    private final RegistrationRequests requests;
    private final InviteTokens tokens;
    private final LockedAccounts accounts;
    private final RequestNotices notices;
    private final Clock clock;

    public ApprovalSignUp(RegistrationRequests requests, InviteTokens tokens, LockedAccounts accounts,
            RequestNotices notices, Clock clock) {
        this.requests = Objects.requireNonNull(requests, "requests");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What became of the sign-up. */
    public sealed interface Result {
        /** The account exists, locked; its request is pending. */
        record Requested(RegistrationRequest request) implements Result {}

        /** Nothing was made; the reservation is the caller's to release. */
        record NotMade(AccountCreation why) implements Result {}

        /**
         * A half-made account could not be removed: the request needs attention and keeps the use;
         * the person should try again later.
         */
        record Stuck(String reason) implements Result {}

        /** A half-made account was removed again; the use was released. The person may try again. */
        record CleanedUp(String reason) implements Result {}
    }

    public Result signUp(Reservation reservation, NewAccount account) {
        RegistrationRequest unfinished = RegistrationRequest.unfinished(UUID.randomUUID().toString(), reservation);
        if (!requests.add(unfinished)) {
            throw new IllegalStateException("a registration request id was drawn twice");
        }
        AccountCreation creation;
        try {
            creation = accounts.createLocked(account);
        } catch (RuntimeException bug) {
            creation = new AccountCreation.Uncertain("the homeserver adapter failed (" + bug.getClass().getSimpleName() + ")");
        }
        if (creation instanceof AccountCreation.Created) {
            RegistrationRequest pending = unfinished.pending();
            requests.replace(unfinished, pending);
            awaitDecision(reservation);
            LOG.info(() -> "Made " + account.userId() + " locked; it waits for an admin's decision");
            notices.requested(pending, tokens.find(reservation.token()));
            return new Result.Requested(pending);
        }
        if (creation instanceof AccountCreation.Uncertain uncertain) {
            if (accounts.erase(account.userId())) {
                requests.replace(unfinished, unfinished.decided(RequestStatus.DENIED, clock.instant(),
                        Optional.of("the sign-up failed half-way and was undone")));
                tokens.release(reservation);
                return new Result.CleanedUp(uncertain.reason());
            }
            awaitDecision(reservation);
            LOG.warning(() -> "Making " + account.userId() + " failed half-way and could not be undone; its request"
                    + " needs attention (deny it to clean up)");
            return new Result.Stuck(uncertain.reason());
        }
        requests.remove(unfinished.id());
        return new Result.NotMade(creation);
    }

    /** Failing only delays it: the settler finds the request and sets the reservation aside then. */
    private void awaitDecision(Reservation reservation) {
        try {
            tokens.awaitDecision(reservation);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Could not set a token use aside for a decision; the settler does it");
        }
    }
}
