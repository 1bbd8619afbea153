package org.matrixregistration.core.registration;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.PasswordRules;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.approval.ApprovalSignUp;
import org.matrixregistration.core.account.UsernameRules;
import org.matrixregistration.core.token.Admission;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.core.token.ReserveOutcome;
import org.matrixregistration.core.token.TokenName;
import org.matrixregistration.core.token.TokenPolicy;
import org.matrixregistration.core.token.TokenRefusal;

/**
 * {@link RegisterAccount} over the two secondary ports. {@link #builder()} wires the common case
 * by named settings; the constructors take every part explicitly.
 *
 * <p>Logging goes through {@code java.util.logging} so that core needs no library; the
 * distribution routes it to its logging backend. Nothing logged contains a password or a token.
 */
public final class RegistrationService implements RegisterAccount {
    private static final Logger LOG = Logger.getLogger(RegistrationService.class.getName());
    /** Tries to record a completed use (a busy database gets two more chances, 0.2 s and 0.4 s later). */
    static final int COMPLETE_ATTEMPTS = 3;

    private final InviteTokens tokens;
    private final HomeserverAccounts homeserver;
    private final UsernameRules usernames;
    private final PasswordRules passwords;
    private final boolean recordClientAddresses;
    private final Clock clock;
    private final Optional<ApprovalSignUp> approvals;

    /**
     * @param recordClientAddresses the {@code ip_logging} setting: store the client address with
     *                              each completed use
     */
    public RegistrationService(
            InviteTokens tokens,
            HomeserverAccounts homeserver,
            UsernameRules usernames,
            PasswordRules passwords,
            boolean recordClientAddresses,
            Clock clock) {
        this(tokens, homeserver, usernames, passwords, recordClientAddresses, clock, Optional.empty());
    }

    /** @param approvals how sign-ups with a token that requires approval go; without, they are refused */
    public RegistrationService(
            InviteTokens tokens,
            HomeserverAccounts homeserver,
            UsernameRules usernames,
            PasswordRules passwords,
            boolean recordClientAddresses,
            Clock clock,
            Optional<ApprovalSignUp> approvals) {
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
        this.usernames = Objects.requireNonNull(usernames, "usernames");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.recordClientAddresses = recordClientAddresses;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A builder that needs the token store, the homeserver and the server name, and defaults the
     * rest: {@link PasswordRules#defaults()}, no client addresses recorded, {@link Clock#systemUTC()},
     * no approval (a token that requires it is refused as a misconfiguration).
     *
     * <pre>{@code
     * RegisterAccount signUp = RegistrationService.builder()
     *         .tokens(tokens)              // any InviteTokens, e.g. a JdbcInviteTokens
     *         .homeserver(accounts)        // any HomeserverAccounts, e.g. a SynapseHomeserverAccounts
     *         .serverName("example.org")
     *         .recordClientAddresses(true) // ip_logging: true
     *         .build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings for a {@link RegistrationService}; see {@link RegistrationService#builder()}. */
    public static final class Builder {
        private InviteTokens tokens;
        private HomeserverAccounts homeserver;
        private UsernameRules usernames;
        private PasswordRules passwords = PasswordRules.defaults();
        private boolean recordClientAddresses;
        private Clock clock = Clock.systemUTC();
        private Optional<ApprovalSignUp> approvals = Optional.empty();

        private Builder() {}

        /** Required: the store whose tokens admit sign-ups. */
        public Builder tokens(InviteTokens value) {
            tokens = Objects.requireNonNull(value, "tokens");
            return this;
        }

        /** Required: where the accounts are made. */
        public Builder homeserver(HomeserverAccounts value) {
            homeserver = Objects.requireNonNull(value, "homeserver");
            return this;
        }

        /** The homeserver's name, as in {@code @alice:NAME}: usernames by Matrix's rules alone. */
        public Builder serverName(String value) {
            return usernames(UsernameRules.forServer(Objects.requireNonNull(value, "serverName")));
        }

        /** Instead of {@link #serverName}: rules with the allow and deny expressions of the configuration. */
        public Builder usernames(UsernameRules value) {
            usernames = Objects.requireNonNull(value, "usernames");
            return this;
        }

        public Builder passwords(PasswordRules value) {
            passwords = Objects.requireNonNull(value, "passwords");
            return this;
        }

        /** The {@code ip_logging} setting: store the client's address with each completed use (off by default). */
        public Builder recordClientAddresses(boolean value) {
            recordClientAddresses = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How sign-ups with a token that requires an admin's approval go. */
        public Builder approvals(ApprovalSignUp value) {
            approvals = Optional.of(Objects.requireNonNull(value, "approvals"));
            return this;
        }

        /** @throws IllegalStateException naming every required part that was not given */
        public RegistrationService build() {
            List<String> missing = new ArrayList<>();
            if (tokens == null) {
                missing.add("tokens(InviteTokens)");
            }
            if (homeserver == null) {
                missing.add("homeserver(HomeserverAccounts)");
            }
            if (usernames == null) {
                missing.add("serverName(String) or usernames(UsernameRules)");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("RegistrationService.builder() needs " + String.join(", ", missing));
            }
            return new RegistrationService(tokens, homeserver, usernames, passwords, recordClientAddresses, clock, approvals);
        }
    }

    @Override
    public RegistrationOutcome register(Registration registration) {
        return register(registration, SignUpProgress.NONE);
    }

    /** Tells {@code progress} that the token exists right after the first look at it. */
    @Override
    public RegistrationOutcome register(Registration registration, SignUpProgress progress) {
        List<FieldError> errors = new ArrayList<>();
        UserId userId = null;
        UsernameRules.Verdict verdict = usernames.check(registration.username());
        if (verdict instanceof UsernameRules.Accepted accepted) {
            userId = accepted.userId();
        } else if (verdict instanceof UsernameRules.Refused refused) {
            refused.problems().forEach(p -> errors.add(new FieldError(FieldError.USERNAME, p.code(), p.message())));
        }
        passwords.check(registration.password(), registration.confirmation())
                .forEach(p -> errors.add(new FieldError(p.field(), p.code(), p.message())));
        Optional<String> displayName = registration.displayName().map(String::strip).filter(name -> !name.isEmpty());
        if (displayName.isPresent() && displayName.get().length() > Registration.MAX_DISPLAY_NAME_LENGTH) {
            errors.add(new FieldError(FieldError.DISPLAY_NAME, FieldError.DISPLAY_NAME_TOO_LONG,
                    "The display name may have at most " + Registration.MAX_DISPLAY_NAME_LENGTH + " characters."));
        }

        // A missing token is a field problem like a missing username: nothing was presented to refuse.
        // A refused token decides the outcome, which carries the other fields' problems along.
        String typedToken = registration.token().strip();
        if (typedToken.isEmpty()) {
            errors.add(new FieldError(FieldError.TOKEN, FieldError.TOKEN_REQUIRED, "Enter your invite token."));
            return new RegistrationOutcome.InvalidFields(errors);
        }
        Optional<TokenRefusal> refusal = checkToken(typedToken);
        if (refusal.isEmpty() || refusal.get() != TokenRefusal.UNKNOWN) {
            progress.tokenExists();
        }
        if (refusal.isPresent()) {
            return new RegistrationOutcome.TokenRefused(refusal.get(), errors);
        }
        if (!errors.isEmpty()) {
            return new RegistrationOutcome.InvalidFields(errors);
        }
        return reserveAndCreate(new TokenName(typedToken), new NewAccount(userId, registration.password(), displayName),
                registration.clientAddress());
    }

    /**
     * A read-only look at the token, so that a form with a bad username and a dead token shows both.
     * The reservation below decides for real; this check only saves a person a round trip.
     */
    private Optional<TokenRefusal> checkToken(String typed) {
        if (!TokenName.isValid(typed)) {
            return Optional.of(TokenRefusal.UNKNOWN);
        }
        if (TokenPolicy.evaluate(tokens.find(new TokenName(typed)), clock.instant()) instanceof Admission.Refused refused) {
            return Optional.of(refused.reason());
        }
        return Optional.empty();
    }

    private RegistrationOutcome reserveAndCreate(TokenName tokenName, NewAccount account, Optional<String> clientAddress) {
        ReserveOutcome reserved = tokens.reserve(tokenName, account.userId(), clock.instant());
        if (reserved instanceof Admission.Refused refused) {
            return new RegistrationOutcome.TokenRefused(refused.reason());
        }
        Reservation reservation = (Reservation) reserved;
        if (reservation.needsApproval()) {
            return withApproval(reservation, account);
        }
        AccountCreation creation;
        try {
            creation = homeserver.create(account, reservation);
        } catch (RuntimeException bug) {
            // The adapter broke its contract, perhaps after the account was made: the use is kept
            // for the settler, which asks the homeserver, rather than given back on a guess.
            markUncertain(reservation, "the homeserver adapter failed (" + bug.getClass().getSimpleName() + ")");
            throw bug;
        }

        if (creation instanceof AccountCreation.Created created) {
            complete(reservation, clientAddress);
            return new RegistrationOutcome.Registered(created.userId());
        }
        if (creation instanceof AccountCreation.Uncertain uncertain) {
            LOG.warning(() -> "Creating " + account.userId() + " may or may not have succeeded (" + uncertain.reason()
                    + "); its token use keeps counting until the homeserver tells whether the account exists");
            markUncertain(reservation, uncertain.reason());
            return new RegistrationOutcome.HomeserverUnavailable(uncertain.reason(), Optional.empty(), true);
        }
        release(reservation);
        return refused(creation);
    }

    /** The outcome of a creation that made nothing; its use was released. */
    private static RegistrationOutcome refused(AccountCreation creation) {
        if (creation instanceof AccountCreation.Taken taken) {
            return new RegistrationOutcome.UsernameTaken(taken.userId());
        }
        if (creation instanceof AccountCreation.Rejected rejected) {
            return new RegistrationOutcome.HomeserverRejected(rejected.errcode(), rejected.reason());
        }
        if (creation instanceof AccountCreation.RateLimited limited) {
            return new RegistrationOutcome.HomeserverUnavailable(
                    "The homeserver is busy; try again shortly.", limited.retryAfter(), false);
        }
        if (creation instanceof AccountCreation.Misconfigured misconfigured) {
            return new RegistrationOutcome.HomeserverMisconfigured(misconfigured.reason());
        }
        AccountCreation.Unavailable unavailable = (AccountCreation.Unavailable) creation;
        return new RegistrationOutcome.HomeserverUnavailable(unavailable.reason(), Optional.empty(), false);
    }

    private RegistrationOutcome withApproval(Reservation reservation, NewAccount account) {
        if (approvals.isEmpty()) {
            release(reservation);
            return new RegistrationOutcome.HomeserverMisconfigured("The invite requires an admin's approval, which needs"
                    + " homeserver_admin_token");
        }
        ApprovalSignUp.Result result;
        try {
            result = approvals.get().signUp(reservation, account);
        } catch (RuntimeException e) {
            release(reservation);
            throw e;
        }
        if (result instanceof ApprovalSignUp.Result.Requested requested) {
            return new RegistrationOutcome.AwaitingApproval(account.userId(), requested.request().id());
        }
        if (result instanceof ApprovalSignUp.Result.NotMade notMade) {
            release(reservation);
            return refused(notMade.why());
        }
        if (result instanceof ApprovalSignUp.Result.CleanedUp cleanedUp) {
            return new RegistrationOutcome.HomeserverUnavailable(cleanedUp.reason(), Optional.empty(), false);
        }
        ApprovalSignUp.Result.Stuck stuck = (ApprovalSignUp.Result.Stuck) result;
        return new RegistrationOutcome.HomeserverUnavailable(stuck.reason(), Optional.empty(), true);
    }

    /**
     * The account exists whatever happens here, so the person is told so. Recording the use is
     * retried; should the store stay unreachable, the reservation keeps counting and the settler
     * records the use once it finds the account.
     */
    private void complete(Reservation reservation, Optional<String> clientAddress) {
        Optional<String> address = recordClientAddresses ? clientAddress : Optional.empty();
        for (int attempt = 1; ; attempt++) {
            try {
                if (!tokens.complete(reservation, clock.instant(), address)) {
                    LOG.warning(() -> "Created " + reservation.userId() + " but its token was deleted meanwhile;"
                            + " no use was recorded");
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == COMPLETE_ATTEMPTS) {
                    LOG.log(Level.SEVERE, e, () -> "Created " + reservation.userId() + " but could not record the token"
                            + " use; it keeps counting and is recorded when the reservation is settled");
                    return;
                }
                pause(Duration.ofMillis(100L << attempt));
            }
        }
    }

    /** Failing to release only delays it: the settler finds the account absent and releases it. */
    private void release(Reservation reservation) {
        try {
            tokens.release(reservation);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Could not release a token reservation; it is released when settled");
        }
    }

    /** Failing to mark it only delays settling: an old in-flight reservation is settled too. */
    private void markUncertain(Reservation reservation, String reason) {
        try {
            tokens.markUncertain(reservation, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Could not mark a token reservation uncertain; it is settled once it is old");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
