package org.matrixregistration.synapse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.synapse.SynapseDiagnosis.SharedSecret;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synapse's shared-secret registration: a fresh nonce from {@code GET /_synapse/admin/v1/register}
 * for every attempt (Synapse keeps nonces for about 60 s, in the memory of one process), then a
 * {@code POST} signed with {@link RegistrationMac}, never as an admin, and with {@code inhibit_login}
 * so that no session or device is created.
 *
 * <p>The same signed POST checks the shared secret: {@link #probeSecret} registers a username that
 * Synapse always refuses (it contains spaces), which answers {@code M_INVALID_USERNAME} when the
 * secret is right and 403 when it is wrong, and creates nothing.
 */
final class SharedSecretRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(SharedSecretRegistration.class);

    static final String REGISTER = "/_synapse/admin/v1/register";
    static final String LOGOUT = "/_matrix/client/v3/logout";
    /** Spaces are outside every Synapse's localpart alphabet, whatever its configuration. */
    static final String SECRET_PROBE_USERNAME = "matrix-registration secret check";

    private final SynapseSettings settings;
    private final SynapseHttp http;
    private final RegistrationMac mac;
    private final RegistrationOutcomes outcomes;
    private final RecentVerdict secret;

    /** @param secret forgotten whenever Synapse refuses the shared secret */
    SharedSecretRegistration(SynapseSettings settings, SynapseHttp http, RegistrationOutcomes outcomes,
            RecentVerdict secret) {
        this.settings = settings;
        this.http = http;
        this.mac = new RegistrationMac(settings.sharedSecret());
        this.outcomes = outcomes;
        this.secret = secret;
    }

    AccountCreation create(NewAccount account) {
        UserId userId = account.userId();
        Optional<AccountCreation> otherServer = outcomes.otherServer(userId);
        if (otherServer.isPresent()) {
            return otherServer.get();
        }
        NonceOrOutcome fetched = fetchNonce();
        if (fetched instanceof Stopped stopped) {
            return stopped.outcome();
        }
        String nonce = ((Issued) fetched).nonce();
        String localpart = userId.localpart();
        SynapseJson.RegisterRequest request = new SynapseJson.RegisterRequest(nonce, localpart, account.password(),
                false, account.displayName().orElse(null), mac.sign(nonce, localpart, account.password(), false), true);
        Answer answer = http.post(REGISTER, SynapseJson.write(request));
        if (answer instanceof Failure failure) {
            return failure.maybeDelivered() ? outcomes.unanswered(userId, failure.detail())
                    : outcomes.unavailable(userId, failure.detail(), "The homeserver could not be reached.");
        }
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        return switch (answered.kind()) {
            case SUCCESS -> registered(userId, answered.response());
            // Synapse or a proxy in front of it failed after the request was sent (a 502 or 504 from
            // nginx is typical while Synapse still works on it): the account may exist.
            case FAILED -> outcomes.unanswered(userId, "POST " + REGISTER + " answered " + answered.status());
            case WRONG_SECRET, SECRET_REGISTRATION_OFF -> {
                secret.forget();
                yield outcomes.misconfigured(answered.kind() == SynapseAnswer.Kind.WRONG_SECRET
                        ? SetupAdvice.WRONG_SECRET : SetupAdvice.SECRET_REGISTRATION_OFF);
            }
            case NONCE_NOT_RECOGNISED -> outcomes.misconfigured(SetupAdvice.NONCE_NOT_RECOGNISED);
            case UNAUTHORIZED -> outcomes.misconfigured(adminApiNotReached(answered.status()));
            default -> outcomes.refused(userId, answered, adminApiNotReached(answered.status()), "");
        };
    }

    /** A nonce, or the outcome that stops the attempt before anything was sent. */
    private sealed interface NonceOrOutcome permits Issued, Stopped {}

    private record Issued(String nonce) implements NonceOrOutcome {}

    private record Stopped(AccountCreation outcome) implements NonceOrOutcome {}

    private NonceOrOutcome fetchNonce() {
        Answer answer = http.get(REGISTER);
        if (answer instanceof Failure failure) {
            LOG.warn("Could not get a registration nonce: {}", failure.detail());
            return new Stopped(new AccountCreation.Unavailable("The homeserver could not be reached."));
        }
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        int status = answered.status();
        return switch (answered.kind()) {
            case SUCCESS -> {
                Optional<String> nonce = SynapseJson.read(answered.response().body(), SynapseJson.Nonce.class)
                        .map(SynapseJson.Nonce::nonce)
                        .filter(n -> !n.isEmpty());
                if (nonce.isPresent()) {
                    yield new Issued(nonce.get());
                }
                LOG.warn("GET {} answered {} without a nonce; is server_location Synapse?", http.uri(REGISTER), status);
                yield new Stopped(new AccountCreation.Unavailable("The homeserver gave an unexpected answer."));
            }
            case REDIRECTED -> new Stopped(outcomes.redirected(answered));
            case RATE_LIMITED -> new Stopped(outcomes.rateLimited(answered));
            case NOT_REACHED, NOT_FOUND, NO_PROFILE, UNAUTHORIZED, FORBIDDEN ->
                    new Stopped(outcomes.misconfigured(adminApiNotReached(status)));
            default -> {
                LOG.warn("Could not get a registration nonce: GET {} answered {}", http.uri(REGISTER), status);
                yield new Stopped(new AccountCreation.Unavailable(status >= 500
                        ? "The homeserver failed (HTTP " + status + ")."
                        : "The homeserver gave an unexpected answer (HTTP " + status + ")."));
            }
        };
    }

    private AccountCreation registered(UserId requested, Response response) {
        Optional<SynapseJson.Registered> body = SynapseJson.read(response.body(), SynapseJson.Registered.class);
        body.filter(registered -> registered.user().isPresent())
                .filter(registered -> registered.accessToken() != null && !registered.accessToken().isEmpty())
                .ifPresent(registered -> endUnwantedSession(registered.user().get(), registered.accessToken()));
        return outcomes.registered(requested, body, "POST " + REGISTER + " answered " + response.status(), "");
    }

    /** Synapse ignored {@code inhibit_login} (very old versions do): log the session out again. */
    private void endUnwantedSession(UserId userId, String accessToken) {
        Answer answer = http.post(LOGOUT, "{}".getBytes(StandardCharsets.UTF_8), accessToken);
        boolean loggedOut = answer instanceof Response response && response.status() == 200;
        LOG.warn("Synapse ignored inhibit_login and opened a session for {}; {}", userId,
                loggedOut ? "it was logged out again" : "logging it out failed, so a device remains");
    }

    /**
     * Signs a registration that Synapse always refuses and reads its verdict on the shared secret;
     * what is wrong is added to {@code problems}.
     */
    SharedSecret probeSecret(List<String> problems) {
        NonceOrOutcome fetched = fetchNonce();
        if (fetched instanceof Stopped stopped) {
            problems.add("The shared secret could not be checked: " + describe(stopped.outcome()));
            return SharedSecret.UNKNOWN;
        }
        String nonce = ((Issued) fetched).nonce();
        SynapseJson.RegisterRequest probe = new SynapseJson.RegisterRequest(nonce, SECRET_PROBE_USERNAME, "", false,
                null, mac.sign(nonce, SECRET_PROBE_USERNAME, "", false), true);
        Answer answer = http.post(REGISTER, SynapseJson.write(probe));
        if (answer instanceof Failure failure) {
            problems.add("The shared secret could not be checked: " + failure.detail());
            return SharedSecret.UNKNOWN;
        }
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        return switch (answered.kind()) {
            case INVALID_USERNAME -> SharedSecret.ACCEPTED;
            case WRONG_SECRET -> found(problems, SetupAdvice.WRONG_SECRET, SharedSecret.REJECTED);
            case SECRET_REGISTRATION_OFF -> found(problems, SetupAdvice.SECRET_REGISTRATION_OFF, SharedSecret.REJECTED);
            case NONCE_NOT_RECOGNISED -> found(problems, SetupAdvice.NONCE_NOT_RECOGNISED, SharedSecret.UNKNOWN);
            case REDIRECTED -> found(problems, "The shared secret could not be checked: "
                    + SetupAdvice.redirect(settings.baseUrl(), answered), SharedSecret.UNKNOWN);
            default -> found(problems, "The shared secret could not be checked: POST " + http.uri(REGISTER) + " answered "
                    + answered.describe() + (answered.error().isEmpty() ? "" : " (" + answered.error() + ")"),
                    SharedSecret.UNKNOWN);
        };
    }

    private static SharedSecret found(List<String> problems, String problem, SharedSecret verdict) {
        problems.add(problem);
        return verdict;
    }

    private static String describe(AccountCreation outcome) {
        if (outcome instanceof AccountCreation.Misconfigured m) {
            return m.reason();
        }
        if (outcome instanceof AccountCreation.Unavailable u) {
            return u.reason();
        }
        if (outcome instanceof AccountCreation.RateLimited) {
            return "Synapse is rate limiting us";
        }
        return outcome.toString();
    }

    private String adminApiNotReached(int status) {
        return SetupAdvice.notReached("admin", http.uri(REGISTER), status, REGISTER);
    }
}
