package org.matrixregistration.synapse;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;

/**
 * {@link HomeserverAccounts} and the {@code homeserver} {@link HealthCheck} over Synapse's HTTP APIs,
 * for {@code token_store: portal}; each job is a class of its own behind this one.
 *
 * <p><b>Creating an account</b> is Synapse's shared-secret registration
 * ({@link SharedSecretRegistration}). Every answer becomes an {@link AccountCreation}:
 * {@code M_USER_IN_USE} is Taken; Synapse's other refusals ({@code M_INVALID_USERNAME},
 * {@code M_EXCLUSIVE}, ...) are Rejected with its reason; a wrong or absent shared secret, an unknown
 * nonce (workers), a redirect, 401/404/405 or a proxy's 403 are Misconfigured (logged at ERROR, with
 * what to fix); 429 is RateLimited; a connection that was refused or never made before the request
 * was sent, and a failed nonce request, are Unavailable.
 *
 * <p>A POST that may have reached Synapse without a usable answer coming back (a timeout or broken
 * connection after sending, any 5xx, an unreadable 2xx) may have created the account, so it is
 * never reported as failed: if the account exists now it is Created, else Uncertain, and the token
 * use keeps counting until a settler finds out ({@link RegistrationOutcomes#unanswered}; see
 * {@link SynapseAccountLookup} for how existence and availability are asked).
 *
 * <p><b>Health</b>: {@link #diagnose()} checks the client API, {@code /health}, the version, and the
 * shared secret, creating nothing; {@link #check()} reuses an accepted verdict on the secret for a
 * few minutes ({@link SharedSecretHealth}).
 *
 * <p>Logs (SLF4J) never hold the shared secret, a password or a token. Thread-safe.
 */
public final class SynapseHomeserverAccounts extends SynapseAccounts {
    private final SharedSecretRegistration registration;
    private final SharedSecretHealth health;

    /** With the system clock; the composition root passes its own clock to the other constructor. */
    public SynapseHomeserverAccounts(SynapseSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock when a verdict on the shared secret was reached, and what a {@code Retry-After} date means */
    public SynapseHomeserverAccounts(SynapseSettings settings, Clock clock) {
        super(settings, false);
        Objects.requireNonNull(clock, "clock");
        RecentVerdict secret = new RecentVerdict(clock, Duration.ofMinutes(SharedSecretHealth.SECRET_RECHECK_MINUTES));
        this.registration = new SharedSecretRegistration(settings, http(),
                new RegistrationOutcomes(settings, lookup(), clock), secret);
        this.health = new SharedSecretHealth(settings, new SynapseReachability(settings, http()), registration, secret);
    }

    @Override
    public AccountCreation create(NewAccount account) {
        return registration.create(account);
    }

    /** {@link #diagnose()} as a health report, reusing a recent "accepted" verdict on the shared secret. */
    @Override
    public HealthReport check() {
        return health.check();
    }

    /**
     * Everything this adapter can find out about Synapse without changing it: reachability, version
     * and a fresh verdict on the shared secret. Costs up to six requests, each bounded by the
     * request timeout, and stops after the first if Synapse cannot be reached.
     */
    public SynapseDiagnosis diagnose() {
        return health.diagnose(true);
    }
}
