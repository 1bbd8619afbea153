package org.matrixregistration.synapse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.Availability;
import org.matrixregistration.core.account.Existence;
import org.matrixregistration.core.account.HomeserverAccounts;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.synapse.SynapseDiagnosis.SharedSecret;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseJson.MatrixError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HomeserverAccounts} and the {@code homeserver} {@link HealthCheck} over Synapse's HTTP APIs.
 *
 * <p><b>Creating an account</b> uses Synapse's shared-secret registration: a fresh nonce from
 * {@code GET /_synapse/admin/v1/register} for every attempt (Synapse keeps nonces for about 60 s, in
 * the memory of one process), then a {@code POST} signed with {@link RegistrationMac}, never as an
 * admin, and with {@code inhibit_login} so that no session or device is created. Every answer
 * becomes an {@link AccountCreation}: {@code M_USER_IN_USE} is Taken; Synapse's other refusals
 * ({@code M_INVALID_USERNAME}, {@code M_EXCLUSIVE}, ...) are Rejected with its reason; a wrong or
 * absent shared secret, an unknown nonce (workers), a redirect, 401/404/405 or a proxy's 403 are
 * Misconfigured (logged at SEVERE, with what to fix); 429 is RateLimited; a connection that was
 * refused or never made before the request was sent, and a failed nonce request, are Unavailable.
 *
 * <p>A POST that may have reached Synapse without a usable answer coming back (a timeout or broken
 * connection after sending, any 5xx, an unreadable 2xx) may have created the account, so it is
 * never reported as failed: if the account exists now it is Created, else Uncertain, and the token
 * use keeps counting until a settler finds out (see {@link SynapseAccountLookup} for how existence
 * is asked).
 *
 * <p><b>Health</b>: {@link #diagnose()} checks the client API, {@code /health}, the version, and
 * the shared secret by a correctly signed registration of a username that Synapse always refuses
 * (it contains spaces), which answers {@code M_INVALID_USERNAME} when the secret is right and 403
 * when it is wrong, and creates nothing. Synapse hashes the probe's (empty) password before it
 * checks the MAC, so {@link #check()} reuses an accepted verdict for {@value #SECRET_RECHECK_MINUTES}
 * minutes instead of spending a hash on every readiness probe.
 *
 * <p>Logs (SLF4J) never hold the shared secret, a password or a token.
 * Thread-safe.
 */
public final class SynapseHomeserverAccounts implements HomeserverAccounts, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SynapseHomeserverAccounts.class);

    static final String COMPONENT = "homeserver";
    static final String REGISTER = "/_synapse/admin/v1/register";
    static final String CLIENT_VERSIONS = "/_matrix/client/versions";
    static final String HEALTH = "/health";
    static final String ADMIN_SERVER_VERSION = "/_synapse/admin/v1/server_version";
    static final String FEDERATION_VERSION = "/_matrix/federation/v1/version";
    static final String LOGOUT = "/_matrix/client/v3/logout";

    /** Spaces are outside every Synapse's localpart alphabet, whatever its configuration. */
    static final String SECRET_PROBE_USERNAME = "matrix-registration secret check";
    static final int SECRET_RECHECK_MINUTES = 5;

    static final String WRONG_SECRET = "Synapse refused the shared secret (403 HMAC incorrect): set"
            + " registration_shared_secret to the registration_shared_secret of Synapse's homeserver.yaml";
    static final String SECRET_REGISTRATION_OFF = "Synapse has shared-secret registration switched off:"
            + " set registration_shared_secret in Synapse's homeserver.yaml, restart Synapse, and use the same value here";
    static final String NONCE_NOT_RECOGNISED = "Synapse did not recognise the nonce it had just issued:"
            + " if Synapse runs workers, route /_synapse/admin/v1/register to the main process";

    private final SynapseSettings settings;
    private final SynapseHttp http;
    private final RegistrationMac mac;
    private final SynapseAccountLookup lookup;
    private final Clock clock;
    private volatile Instant secretAcceptedAt;

    /** With the system clock; the composition root passes its own clock to the other constructor. */
    public SynapseHomeserverAccounts(SynapseSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock when a verdict on the shared secret was reached, and what a {@code Retry-After} date means */
    public SynapseHomeserverAccounts(SynapseSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = new SynapseHttp(settings);
        this.mac = new RegistrationMac(settings.sharedSecret());
        this.lookup = new SynapseAccountLookup(settings, http);
    }

    // ---------------------------------------------------------------- creating accounts

    @Override
    public AccountCreation create(NewAccount account) {
        UserId userId = account.userId();
        if (!userId.serverName().equals(settings.serverName())) {
            return misconfigured("asked to create " + userId + ", but server_name is " + settings.serverName()
                    + ": the username rules and the homeserver settings must use the same server_name");
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
            if (!failure.maybeDelivered()) {
                LOG.warn("Could not register {}: {}", userId, failure.detail());
                return new AccountCreation.Unavailable("The homeserver could not be reached.");
            }
            return resolveUnanswered(userId, failure.detail());
        }
        Response response = (Response) answer;
        int status = response.status();
        if (status >= 200 && status < 300) {
            return registered(userId, response);
        }
        if (response.redirected()) {
            return redirected(response);
        }
        if (status == 429) {
            return rateLimited(userId, response);
        }
        if (status >= 500) {
            // Synapse or a proxy in front of it failed after the request was sent (a 502 or 504 from
            // nginx is typical while Synapse still works on it): the account may exist.
            return resolveUnanswered(userId, "POST " + REGISTER + " answered " + status);
        }
        return refused(userId, response);
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
        Response response = (Response) answer;
        int status = response.status();
        if (status == 200) {
            Optional<String> nonce = SynapseJson.read(response.body(), SynapseJson.Nonce.class)
                    .map(SynapseJson.Nonce::nonce)
                    .filter(n -> !n.isEmpty());
            if (nonce.isPresent()) {
                return new Issued(nonce.get());
            }
            LOG.warn("GET {} answered 200 without a nonce; is server_location Synapse?", http.uri(REGISTER));
            return new Stopped(new AccountCreation.Unavailable("The homeserver gave an unexpected answer."));
        }
        if (response.redirected()) {
            return new Stopped(redirected(response));
        }
        if (status == 429) {
            return new Stopped(new AccountCreation.RateLimited(retryAfter(response)));
        }
        if (status == 401 || status == 403 || status == 404 || status == 405) {
            return new Stopped(misconfigured(adminApiBlocked(status)));
        }
        LOG.warn("Could not get a registration nonce: GET {} answered {}", http.uri(REGISTER), status);
        return new Stopped(new AccountCreation.Unavailable(status >= 500
                ? "The homeserver failed (HTTP " + status + ")."
                : "The homeserver gave an unexpected answer (HTTP " + status + ")."));
    }

    private AccountCreation registered(UserId requested, Response response) {
        Optional<SynapseJson.Registered> body = SynapseJson.read(response.body(), SynapseJson.Registered.class);
        Optional<UserId> created = body.map(SynapseJson.Registered::userId).flatMap(SynapseHomeserverAccounts::parseUserId);
        if (created.isEmpty()) {
            return resolveUnanswered(requested, "POST " + REGISTER + " answered " + response.status()
                    + " without a readable user_id");
        }
        body.map(SynapseJson.Registered::accessToken).filter(token -> !token.isEmpty())
                .ifPresent(token -> endUnwantedSession(created.get(), token));
        UserId userId = created.get();
        if (!userId.serverName().equals(settings.serverName())) {
            LOG.warn("Synapse created {} but server_name is {}: set server_name to {}", userId, settings.serverName(),
                    userId.serverName());
        }
        LOG.info("Created {}", userId);
        return new AccountCreation.Created(userId);
    }

    /** Synapse ignored {@code inhibit_login} (very old versions do): log the session out again. */
    private void endUnwantedSession(UserId userId, String accessToken) {
        Answer answer = http.post(LOGOUT, "{}".getBytes(StandardCharsets.UTF_8), accessToken);
        boolean loggedOut = answer instanceof Response response && response.status() == 200;
        LOG.warn("Synapse ignored inhibit_login and opened a session for {}; {}", userId,
                loggedOut ? "it was logged out again" : "logging it out failed, so a device remains");
    }

    /**
     * The POST may have created the account without our hearing about it. If the account exists
     * now, it was ours (the use was reserved for this very ID). If it does not exist yet, that
     * proves nothing: the request may still be queued inside Synapse and land later, so the outcome
     * is Uncertain and the use keeps counting until a settler finds out.
     */
    private AccountCreation resolveUnanswered(UserId userId, String detail) {
        if (lookup.exists(userId) == Existence.EXISTS) {
            LOG.warn("Registering {} went unanswered ({}), and the account exists now: counting it as created",
                    userId, detail);
            return new AccountCreation.Created(userId);
        }
        LOG.warn("Registering {} went unanswered ({}); whether the account exists is settled later", userId, detail);
        return new AccountCreation.Uncertain(
                "The homeserver did not confirm the registration; the account may or may not exist.");
    }

    private AccountCreation rateLimited(UserId userId, Response response) {
        Optional<Duration> retryAfter = retryAfter(response);
        LOG.info("Synapse rate-limited the registration of {}{}", userId,
                retryAfter.map(d -> "; retry after " + d.toMillis() + " ms").orElse(""));
        return new AccountCreation.RateLimited(retryAfter);
    }

    private AccountCreation refused(UserId userId, Response response) {
        int status = response.status();
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class)
                .filter(e -> e.errcode() != null || e.error() != null);
        String errcode = error.map(MatrixError::errcode).orElse("");
        String text = error.map(MatrixError::error).orElse("");
        if (errcode.equals("M_USER_IN_USE")) {
            return new AccountCreation.Taken(userId);
        }
        if (text.equals("HMAC incorrect")) {
            secretAcceptedAt = null;
            return misconfigured(WRONG_SECRET);
        }
        if (text.equals("Shared secret registration is not enabled")) {
            secretAcceptedAt = null;
            return misconfigured(SECRET_REGISTRATION_OFF);
        }
        if (text.equals("unrecognised nonce")) {
            return misconfigured(NONCE_NOT_RECOGNISED);
        }
        if (status == 401 || status == 404 || status == 405 || (status == 403 && error.isEmpty())) {
            return misconfigured(adminApiBlocked(status));
        }
        String code = errcode.isEmpty() ? "M_UNKNOWN" : errcode;
        String reason = text.isEmpty() ? "The homeserver refused the registration (HTTP " + status + ")." : text;
        LOG.info("Synapse refused to register {}: {} {} {}", userId, status, code, reason);
        return new AccountCreation.Rejected(code, reason);
    }

    private AccountCreation redirected(Response response) {
        return misconfigured("server_location " + settings.baseUrl() + " redirects (HTTP " + response.status() + " to "
                + response.location().orElse("nowhere") + "): set server_location to the address Synapse answers on");
    }

    private String adminApiBlocked(int status) {
        return "Synapse's admin API answered HTTP " + status + " at " + http.uri(REGISTER)
                + ": check server_location, and that your reverse proxy forwards /_synapse/admin/v1/register to Synapse";
    }

    private AccountCreation misconfigured(String reason) {
        LOG.error("Homeserver settings are wrong: {}", reason);
        return new AccountCreation.Misconfigured(reason);
    }

    // ---------------------------------------------------------------- asking about accounts

    @Override
    public Availability availability(UserId userId) {
        return lookup.availability(userId);
    }

    @Override
    public Existence exists(UserId userId) {
        return lookup.exists(userId);
    }

    // ---------------------------------------------------------------- health

    @Override
    public String component() {
        return COMPONENT;
    }

    /** {@link #diagnose()} as a health report, reusing a recent "accepted" verdict on the shared secret. */
    @Override
    public HealthReport check() {
        Instant acceptedAt = secretAcceptedAt;
        boolean recentlyAccepted = acceptedAt != null
                && acceptedAt.plus(Duration.ofMinutes(SECRET_RECHECK_MINUTES)).isAfter(clock.instant());
        SynapseDiagnosis diagnosis = diagnose(!recentlyAccepted);
        Map<String, String> facts = diagnosis.facts();
        if (diagnosis.healthy()) {
            String detail = "Synapse " + diagnosis.serverVersion().map(v -> v + " ").orElse("")
                    + "answers at " + settings.baseUrl() + " and accepts the shared secret";
            return HealthReport.healthy(COMPONENT, detail, facts);
        }
        String detail = diagnosis.problems().isEmpty() ? "Synapse is not usable" : String.join("; ", diagnosis.problems());
        return HealthReport.unhealthy(COMPONENT, detail, facts);
    }

    /**
     * Everything this adapter can find out about Synapse without changing it: reachability, version
     * and a fresh verdict on the shared secret. Costs up to five requests, each bounded by the
     * request timeout, and stops after the first if Synapse cannot be reached.
     */
    public SynapseDiagnosis diagnose() {
        return diagnose(true);
    }

    /** Reachability, health and version without a verdict on the shared secret (reported as accepted). */
    SynapseDiagnosis diagnoseWithoutSecret() {
        return diagnose(false);
    }

    private SynapseDiagnosis diagnose(boolean probeSecret) {
        List<String> problems = new ArrayList<>();
        Answer versionsAnswer = http.get(CLIENT_VERSIONS);
        if (versionsAnswer instanceof Failure failure) {
            problems.add("Synapse cannot be reached at server_location " + settings.baseUrl() + ": " + failure.detail());
            return new SynapseDiagnosis(false, List.of(), Optional.empty(), SharedSecret.UNKNOWN, problems);
        }
        Response versions = (Response) versionsAnswer;
        List<String> specVersions = List.of();
        if (versions.redirected()) {
            problems.add("server_location " + settings.baseUrl() + " redirects (HTTP " + versions.status() + " to "
                    + versions.location().orElse("nowhere") + "): set server_location to the address Synapse answers on");
        } else if (versions.status() == 200) {
            specVersions = SynapseJson.read(versions.body(), SynapseJson.ClientVersions.class)
                    .map(SynapseJson.ClientVersions::versions)
                    .map(list -> list.stream().filter(Objects::nonNull).toList())
                    .orElse(List.of());
        }
        boolean reachable = !specVersions.isEmpty();
        if (!reachable && !versions.redirected()) {
            problems.add("GET " + http.uri(CLIENT_VERSIONS) + " did not answer like a Matrix homeserver (HTTP "
                    + versions.status() + "): check server_location");
        }
        if (reachable && !(http.get(HEALTH) instanceof Response health && health.status() == 200)) {
            problems.add("GET " + http.uri(HEALTH) + " did not answer 200: Synapse may be starting or unwell");
        }
        Optional<String> serverVersion = reachable ? serverVersion() : Optional.empty();
        SharedSecret secret = probeSecret ? probeSharedSecret(problems) : SharedSecret.ACCEPTED;
        return new SynapseDiagnosis(reachable, specVersions, serverVersion, secret, problems);
    }

    private Optional<String> serverVersion() {
        if (http.get(ADMIN_SERVER_VERSION) instanceof Response admin && admin.status() == 200) {
            Optional<String> version = SynapseJson.read(admin.body(), SynapseJson.AdminServerVersion.class)
                    .map(SynapseJson.AdminServerVersion::serverVersion)
                    .filter(v -> !v.isBlank());
            if (version.isPresent()) {
                return version;
            }
        }
        if (http.get(FEDERATION_VERSION) instanceof Response federation && federation.status() == 200) {
            return SynapseJson.read(federation.body(), SynapseJson.FederationVersion.class)
                    .map(SynapseJson.FederationVersion::server)
                    .map(SynapseJson.FederationVersion.Server::version)
                    .filter(v -> !v.isBlank());
        }
        return Optional.empty();
    }

    private SharedSecret probeSharedSecret(List<String> problems) {
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
        Response response = (Response) answer;
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class);
        String errcode = error.map(MatrixError::errcode).orElse("");
        String text = error.map(MatrixError::error).orElse("");
        if (errcode.equals("M_INVALID_USERNAME")) {
            secretAcceptedAt = clock.instant();
            return SharedSecret.ACCEPTED;
        }
        if (text.equals("HMAC incorrect")) {
            problems.add(WRONG_SECRET);
            return SharedSecret.REJECTED;
        }
        if (text.equals("Shared secret registration is not enabled")) {
            problems.add(SECRET_REGISTRATION_OFF);
            return SharedSecret.REJECTED;
        }
        if (text.equals("unrecognised nonce")) {
            problems.add(NONCE_NOT_RECOGNISED);
            return SharedSecret.UNKNOWN;
        }
        if (response.redirected()) {
            problems.add("The shared secret could not be checked: " + describe(redirected(response)));
            return SharedSecret.UNKNOWN;
        }
        problems.add("The shared secret could not be checked: POST " + http.uri(REGISTER) + " answered HTTP "
                + response.status() + (errcode.isEmpty() ? "" : " " + errcode) + (text.isEmpty() ? "" : " (" + text + ")"));
        return SharedSecret.UNKNOWN;
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

    // ---------------------------------------------------------------- parsing

    /** {@code retry_after_ms} from the body, else the {@code Retry-After} header (seconds or an HTTP date). */
    Optional<Duration> retryAfter(Response response) {
        Optional<Long> millis = SynapseJson.read(response.body(), MatrixError.class)
                .map(MatrixError::retryAfterMs)
                .filter(ms -> ms >= 0);
        if (millis.isPresent()) {
            return millis.map(Duration::ofMillis);
        }
        Optional<String> header = response.retryAfter().map(String::strip).filter(h -> !h.isEmpty());
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 9) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            LOG.debug("Ignoring a Retry-After header that is neither seconds nor a date: {}", value);
            return Optional.empty();
        }
    }

    /** {@code @localpart:server}, where the server name may carry a port. */
    static Optional<UserId> parseUserId(String matrixId) {
        if (matrixId == null || !matrixId.startsWith("@")) {
            return Optional.empty();
        }
        int colon = matrixId.indexOf(':');
        if (colon < 2 || colon == matrixId.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UserId(matrixId.substring(1, colon), matrixId.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    SynapseHttp http() {
        return http;
    }

    SynapseSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "SynapseHomeserverAccounts[" + settings + "]";
    }
}
