package org.matrixregistration.synapse;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;

/**
 * {@link HomeserverAccounts} for {@code token_store: synapse}: accounts are made through Synapse's own
 * registration, as Element makes them, so that Synapse checks the invite token and records the use
 * in its {@code pending} and {@code completed}; each job is a class of its own behind this one.
 *
 * <p><b>Creating an account</b> ({@link ClientApiRegistration}) presents the reservation's token in
 * the {@code m.login.registration_token} stage. The token store reserved the use before (see
 * {@link InviteTokens}): Synapse checks the token and records its use in separate steps, so its own
 * count lets concurrent sign-ups through. Outcomes: {@code M_USER_IN_USE} is Taken; Synapse's other
 * refusals Rejected with its words (a token it does not accept, {@code M_UNAUTHORIZED}, among them);
 * 429 RateLimited (Synapse limits registrations per client address with {@code rc_registration}, and
 * every sign-up here comes from the portal's address); registration closed, a flow that does not ask
 * for a token, or stages the portal cannot complete (e-mail, terms, captcha) Misconfigured, naming
 * the setting. A lost answer of the last stage is settled by asking whether the account exists, else
 * Uncertain; Synapse then may keep the token's use pending until the abandoned session expires (48
 * hours): that is Synapse's own count, the same for any client.
 *
 * <p>Availability is {@code GET /_matrix/client/v3/register/available}; existence the admin API
 * ({@link SynapseAccountLookup}). <b>Health</b> ({@code homeserver}, {@link TokenRegistrationHealth}):
 * Synapse answers, {@code homeserver_admin_token} is an admin's, and registration is open and asks
 * for {@code m.login.registration_token}.
 *
 * <p>Logs never hold a password, a token name or an access token. Thread-safe.
 */
public final class SynapseTokenRegistration extends SynapseAccounts {
    private final ClientApiRegistration registration;
    private final TokenRegistrationHealth health;

    /** With the system clock; the composition root passes its own clock to the other constructor. */
    public SynapseTokenRegistration(SynapseSettings settings, InviteTokens tokens) {
        this(settings, tokens, Clock.systemUTC());
    }

    /**
     * @param tokens the token store, told when Synapse has counted a reservation's use itself
     * @param clock  when a verdict on the registration flows was reached
     * @throws IllegalArgumentException when the settings have no {@code homeserver_admin_token}
     */
    public SynapseTokenRegistration(SynapseSettings settings, InviteTokens tokens, Clock clock) {
        super(settings, true);
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(clock, "clock");
        String adminToken = settings.adminToken().orElseThrow(() -> new IllegalArgumentException(
                "homeserver_admin_token: token_store: synapse needs a Synapse admin's access token"));
        this.registration = new ClientApiRegistration(http(), new RegistrationOutcomes(settings, lookup(), clock), tokens,
                adminToken);
        this.health = new TokenRegistrationHealth(settings, http(), adminToken,
                new RecentVerdict(clock, Duration.ofMinutes(TokenRegistrationHealth.FLOWS_RECHECK_MINUTES)));
    }

    /** Without a reservation there is no token to present: a bug in the caller, reported as such. */
    @Override
    public AccountCreation create(NewAccount account) {
        return registration.withoutReservation();
    }

    @Override
    public AccountCreation create(NewAccount account, Reservation admittedBy) {
        return registration.create(account, admittedBy);
    }

    /** {@link #diagnose()}, reusing a recent good verdict on the registration flows. */
    @Override
    public HealthReport check() {
        return health.check();
    }

    /**
     * Everything that {@code token_store: synapse} needs from Synapse, checked now: it answers, the
     * admin token is an admin's, and its own registration is open and asks for a registration token.
     * Facts: {@code reachable}, {@code version}, {@code admin_token} (accepted, rejected, unknown) and
     * {@code registration} (requires_token, closed, no_token_required, unsupported_stages, unknown).
     */
    public HealthReport diagnose() {
        return health.diagnose(true);
    }
}
