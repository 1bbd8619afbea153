package org.matrixregistration.synapse;

import java.time.Clock;
import java.util.Optional;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.UserId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Synapse's answers to a registration become an {@link AccountCreation}, alike for both ways of
 * registering (shared secret, and the client API with a registration token): each outcome made and
 * logged in one place. Logs never hold a password or a token.
 */
final class RegistrationOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(RegistrationOutcomes.class);

    private final SynapseSettings settings;
    private final SynapseAccountLookup lookup;
    private final Clock clock;

    RegistrationOutcomes(SynapseSettings settings, SynapseAccountLookup lookup, Clock clock) {
        this.settings = settings;
        this.lookup = lookup;
        this.clock = clock;
    }

    /** Misconfigured when {@code userId} is of another server than the settings name: nothing is sent then. */
    Optional<AccountCreation> otherServer(UserId userId) {
        if (userId.serverName().equals(settings.serverName())) {
            return Optional.empty();
        }
        return Optional.of(misconfigured(SetupAdvice.otherServer(userId, settings.serverName())));
    }

    AccountCreation misconfigured(String reason) {
        LOG.error("Homeserver settings are wrong: {}", reason);
        return new AccountCreation.Misconfigured(reason);
    }

    /** No account can have been made: nothing reached Synapse, or nothing that creates one. */
    AccountCreation unavailable(UserId userId, String detail, String reason) {
        LOG.warn("Could not register {}: {}", userId, detail);
        return new AccountCreation.Unavailable(reason);
    }

    /**
     * A request that could have made the account got no usable answer. If the account exists now,
     * it was this one (the token use was reserved for this very ID). If it does not exist yet, that
     * proves nothing: the request may still be queued inside Synapse and land later, so the outcome
     * is Uncertain and the use keeps counting until a settler finds out.
     */
    AccountCreation unanswered(UserId userId, String detail) {
        if (lookup.exists(userId) == Existence.EXISTS) {
            LOG.warn("Registering {} went unanswered ({}), and the account exists now: counting it as created",
                    userId, detail);
            return new AccountCreation.Created(userId);
        }
        LOG.warn("Registering {} went unanswered ({}); whether the account exists is settled later", userId, detail);
        return new AccountCreation.Uncertain(
                "The homeserver did not confirm the registration; the account may or may not exist.");
    }

    /** Synapse's answer of a made account; one without a readable {@code user_id} proves nothing. */
    AccountCreation registered(UserId requested, Optional<SynapseJson.Registered> answer, String request, String how) {
        Optional<UserId> created = answer.flatMap(SynapseJson.Registered::user);
        if (created.isEmpty()) {
            return unanswered(requested, request + " without a readable user_id");
        }
        UserId userId = created.get();
        if (!userId.serverName().equals(settings.serverName())) {
            LOG.warn("Synapse created {} but server_name is {}: set server_name to {}", userId, settings.serverName(),
                    userId.serverName());
        }
        LOG.info("Created {}{}", userId, how);
        return new AccountCreation.Created(userId);
    }

    /**
     * The refusals both ways of registering read alike.
     *
     * @param notReached what to fix when the request did not reach Synapse's API
     * @param why        what an admin should know about Synapse's rate limit, or empty
     */
    AccountCreation refused(UserId userId, SynapseAnswer answer, String notReached, String why) {
        return switch (answer.kind()) {
            case USER_IN_USE -> new AccountCreation.Taken(userId);
            case REDIRECTED -> redirected(answer);
            case RATE_LIMITED -> {
                AccountCreation.RateLimited limited = rateLimited(answer);
                LOG.info("Synapse rate-limited the registration of {}{}{}", userId,
                        limited.retryAfter().map(d -> "; retry after " + d.toMillis() + " ms").orElse(""), why);
                yield limited;
            }
            case NOT_REACHED, NOT_FOUND, NO_PROFILE -> misconfigured(notReached);
            default -> rejected(userId, answer.status(), answer.errcode(), answer.error());
        };
    }

    /** server_location redirects; the portal never follows. */
    AccountCreation redirected(SynapseAnswer answer) {
        return misconfigured(SetupAdvice.redirect(settings.baseUrl(), answer));
    }

    AccountCreation.RateLimited rateLimited(SynapseAnswer answer) {
        return new AccountCreation.RateLimited(answer.retryAfter(clock));
    }

    /** Synapse's own refusal, in its words; a default code and reason when it gave none. */
    AccountCreation rejected(UserId userId, int status, String errcode, String error) {
        String code = errcode == null || errcode.isEmpty() ? "M_UNKNOWN" : errcode;
        String reason = error == null || error.isEmpty() ? "The homeserver refused the registration (HTTP " + status + ")." : error;
        LOG.info("Synapse refused to register {}: {} {} {}", userId, status, code, reason);
        return new AccountCreation.Rejected(code, reason);
    }
}
