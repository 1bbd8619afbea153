package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseJson.MatrixError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HomeserverAccounts} for {@code token_store: synapse}: accounts are made through Synapse's own
 * registration, as Element makes them, so that Synapse checks the invite token and records the use
 * in its {@code pending} and {@code completed}.
 *
 * <p><b>Creating an account</b> is {@code POST /_matrix/client/v3/register} with {@code inhibit_login}
 * (no session, no device) and user-interactive authentication: the first request opens a session
 * and learns the flows (Synapse checks the username before that, so a taken name costs no token
 * stage); then {@code m.login.registration_token} with the reservation's token; then
 * {@code m.login.dummy}, which creates the account. The token store reserved the use before (see
 * {@link InviteTokens}): Synapse checks the token and records its use in separate steps, so its own
 * count lets concurrent sign-ups through. Once Synapse accepts the token stage it counts the use
 * itself, and the store is told ({@link InviteTokens#countedByHomeserver}).
 *
 * <p>Outcomes: {@code M_USER_IN_USE} is Taken; Synapse's other refusals Rejected with its words (a
 * token it does not accept, {@code M_UNAUTHORIZED}, among them); 429 RateLimited (Synapse limits
 * registrations per client address with {@code rc_registration}, and every sign-up here comes from
 * the portal's address); registration closed, a flow that does not ask for a token, or stages the
 * portal cannot complete (e-mail, terms, captcha) Misconfigured, naming the setting. A request that
 * cannot have created the account yet (any before the last stage) is Unavailable when its answer is
 * lost; the last stage's lost answer is settled by asking whether the account exists, else Uncertain.
 * Synapse then may keep the token's use pending until the abandoned session expires (48 hours):
 * that is Synapse's own count, the same for any client.
 *
 * <p>The display name is set after creation with the admin API (the client API's registration has
 * no field for it). Availability is {@code GET /_matrix/client/v3/register/available}; existence the
 * admin API. <b>Health</b> ({@code homeserver}): Synapse answers, {@code homeserver_admin_token} is an
 * admin's, and registration is open and asks for {@code m.login.registration_token}; the last costs a
 * user-interactive session in Synapse (which it drops after 48 hours), so a good verdict is reused for
 * {@value #FLOWS_RECHECK_MINUTES} minutes.
 *
 * <p>Logs never hold a password, a token name or an access token. Thread-safe.
 */
public final class SynapseTokenRegistration implements HomeserverAccounts, HealthCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SynapseTokenRegistration.class);

    static final String CLIENT_REGISTER = "/_matrix/client/v3/register";
    static final String TOKEN_STAGE = "m.login.registration_token";
    static final String DUMMY_STAGE = "m.login.dummy";
    static final int FLOWS_RECHECK_MINUTES = 5;
    /** A name no token has ({@code !} is outside the alphabet): a 404 from an admin proves the admin token. */
    static final String ADMIN_PROBE = SynapseRegistrationTokens.TOKENS + "/matrix-registration%21probe";

    static final String REGISTRATION_CLOSED = "Synapse's own registration is closed: token_store: synapse signs"
            + " people up through it; set enable_registration: true and registration_requires_token: true in"
            + " Synapse's homeserver.yaml";
    static final String NO_TOKEN_REQUIRED = "Synapse's registration does not ask for a registration token, so anyone"
            + " can register without an invite: set registration_requires_token: true in Synapse's homeserver.yaml";

    private final SynapseSettings settings;
    private final SynapseHttp http;
    private final SynapseAccountLookup lookup;
    private final SynapseHomeserverAccounts reachability;
    private final InviteTokens tokens;
    private final String adminToken;
    private final Clock clock;
    private volatile Instant flowsAcceptedAt;

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
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.adminToken = settings.adminToken().orElseThrow(() -> new IllegalArgumentException(
                "homeserver_admin_token: token_store: synapse needs a Synapse admin's access token"));
        this.http = new SynapseHttp(settings);
        this.lookup = new SynapseAccountLookup(settings, http);
        this.reachability = new SynapseHomeserverAccounts(settings, clock);
    }

    // ---------------------------------------------------------------- creating accounts

    /** Without a reservation there is no token to present: a bug in the caller, reported as such. */
    @Override
    public AccountCreation create(NewAccount account) {
        return misconfigured("an account can only be made through Synapse's registration tokens with the invite token"
                + " that admitted it");
    }

    @Override
    public AccountCreation create(NewAccount account, Reservation admittedBy) {
        AccountCreation creation = register(account, admittedBy);
        if (creation instanceof AccountCreation.Created created && account.displayName().isPresent()) {
            displayName(created.userId(), account.displayName().get());
        }
        return creation;
    }

    private AccountCreation register(NewAccount account, Reservation admittedBy) {
        UserId userId = account.userId();
        if (!userId.serverName().equals(settings.serverName())) {
            return misconfigured("asked to create " + userId + ", but server_name is " + settings.serverName()
                    + ": the username rules and the homeserver settings must use the same server_name");
        }
        if (!admittedBy.userId().equals(userId)) {
            throw new IllegalArgumentException("the reservation is for another Matrix ID");
        }
        Answer opened = http.post(CLIENT_REGISTER, body(account, null));
        Step first = step(userId, opened, false);
        if (first instanceof Done done) {
            return done.creation();
        }
        Interactive session = (Interactive) first;
        Optional<List<String>> stages = stagesAfterToken(session.answer());
        if (stages.isEmpty()) {
            return misconfigured(flowProblem(session.answer()));
        }
        List<String> remaining = stages.get();
        Step afterToken = step(userId, http.post(CLIENT_REGISTER, body(account, Map.of("type", TOKEN_STAGE,
                "token", admittedBy.token().value(), "session", session.id()))), remaining.isEmpty());
        if (afterToken instanceof Done done) {
            return done.creation();
        }
        Interactive accepted = (Interactive) afterToken;
        if (accepted.refused()) {
            return tokenRefused(userId, accepted.answer());
        }
        if (!accepted.answer().completed().contains(TOKEN_STAGE)) {
            return new AccountCreation.Unavailable("The homeserver did not take the invite token.");
        }
        countedBySynapse(admittedBy);
        for (int i = 0; i < remaining.size(); i++) {
            boolean last = i == remaining.size() - 1;
            Step next = step(userId, http.post(CLIENT_REGISTER, body(account, Map.of("type", remaining.get(i),
                    "session", session.id()))), last);
            if (next instanceof Done done) {
                return done.creation();
            }
            Interactive answered = (Interactive) next;
            if (answered.refused()) {
                return refused(userId, 401, answered.answer().errcode(), answered.answer().error());
            }
        }
        // Every stage done and still no account: Synapse asks for more than its flows said.
        return resolveUnanswered(userId, "POST " + CLIENT_REGISTER + " still asked for authentication after every stage");
    }

    /** What one request of the flow led to: a final outcome, or the session to continue. */
    private sealed interface Step permits Done, Interactive {}

    private record Done(AccountCreation creation) implements Step {}

    private record Interactive(String id, SynapseJson.Interactive answer) implements Step {
        boolean refused() {
            return answer.errcode() != null && !answer.errcode().isEmpty();
        }
    }

    /**
     * @param creates whether this request completes the flow, so that its lost answer may mean an
     *                account exists; before that, no account can exist, whatever happened
     */
    private Step step(UserId userId, Answer answer, boolean creates) {
        if (answer instanceof Failure failure) {
            if (creates && failure.maybeDelivered()) {
                return new Done(resolveUnanswered(userId, failure.detail()));
            }
            LOG.warn("Could not register {}: {}", userId, failure.detail());
            return new Done(new AccountCreation.Unavailable("The homeserver could not be reached."));
        }
        Response response = (Response) answer;
        int status = response.status();
        if (status == 200) {
            return new Done(registered(userId, response));
        }
        if (status == 401) {
            Optional<SynapseJson.Interactive> interactive = SynapseJson.read(response.body(), SynapseJson.Interactive.class)
                    .filter(body -> body.session() != null && !body.session().isEmpty() && body.flows() != null);
            if (interactive.isPresent()) {
                SynapseJson.Interactive body = interactive.get();
                return new Interactive(body.session(), new SynapseJson.Interactive(body.session(), body.flows(),
                        body.completed() == null ? List.of() : body.completed(), body.errcode(), body.error()));
            }
        }
        if (response.redirected()) {
            return new Done(misconfigured("server_location " + settings.baseUrl() + " redirects (HTTP " + status + " to "
                    + response.location().orElse("nowhere") + "): set server_location to the address Synapse answers on"));
        }
        if (status == 429) {
            Optional<Duration> retryAfter = SynapseAnswer.of(response).retryAfter(clock);
            LOG.info("Synapse rate-limited the registration of {} (rc_registration counts every sign-up through the"
                    + " portal as one client address)", userId);
            return new Done(new AccountCreation.RateLimited(retryAfter));
        }
        if (status >= 500) {
            if (creates) {
                return new Done(resolveUnanswered(userId, "POST " + CLIENT_REGISTER + " answered " + status));
            }
            LOG.warn("Could not register {}: POST {} answered {}", userId, CLIENT_REGISTER, status);
            return new Done(new AccountCreation.Unavailable("The homeserver failed (HTTP " + status + ")."));
        }
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class);
        return new Done(refused(userId, status, error.map(MatrixError::errcode).orElse(null),
                error.map(MatrixError::error).orElse(null)));
    }

    private AccountCreation refused(UserId userId, int status, String errcodeOrNull, String textOrNull) {
        String errcode = errcodeOrNull == null ? "" : errcodeOrNull;
        String text = textOrNull == null ? "" : textOrNull;
        if (errcode.equals("M_USER_IN_USE")) {
            return new AccountCreation.Taken(userId);
        }
        if (status == 403 && text.toLowerCase(Locale.ROOT).contains("registration has been disabled")) {
            return misconfigured(REGISTRATION_CLOSED);
        }
        if (status == 404 || status == 405 || (status == 403 && errcode.isEmpty())) {
            return misconfigured("Synapse's client API answered HTTP " + status + " at " + http.uri(CLIENT_REGISTER)
                    + ": check server_location, and that your reverse proxy forwards /_matrix/client to Synapse");
        }
        String code = errcode.isEmpty() ? "M_UNKNOWN" : errcode;
        String reason = text.isEmpty() ? "The homeserver refused the registration (HTTP " + status + ")." : text;
        LOG.info("Synapse refused to register {}: {} {} {}", userId, status, code, reason);
        return new AccountCreation.Rejected(code, reason);
    }

    /** Synapse did not accept the invite token: used up, expired or deleted there in the meantime. */
    private AccountCreation tokenRefused(UserId userId, SynapseJson.Interactive answer) {
        LOG.info("Synapse did not accept the invite token for {}: {}", userId, answer.errcode());
        return new AccountCreation.Rejected(answer.errcode(), "The homeserver no longer accepts this invite token.");
    }

    /**
     * The stages that follow {@code m.login.registration_token} in a flow the portal can complete
     * (only {@code m.login.dummy} besides the token), or empty when there is none.
     */
    static Optional<List<String>> stagesAfterToken(SynapseJson.Interactive answer) {
        for (SynapseJson.Interactive.Flow flow : answer.flows()) {
            List<String> stages = flow == null || flow.stages() == null ? List.of() : flow.stages();
            if (!stages.isEmpty() && stages.get(0).equals(TOKEN_STAGE)
                    && stages.subList(1, stages.size()).stream().allMatch(DUMMY_STAGE::equals)) {
                return Optional.of(List.copyOf(stages.subList(1, stages.size())));
            }
        }
        return Optional.empty();
    }

    /** Why no flow fits, naming the setting. */
    static String flowProblem(SynapseJson.Interactive answer) {
        boolean anyToken = answer.flows().stream().anyMatch(flow -> flow != null && flow.stages() != null
                && flow.stages().contains(TOKEN_STAGE));
        if (!anyToken) {
            return NO_TOKEN_REQUIRED;
        }
        List<String> others = answer.flows().stream().filter(flow -> flow != null && flow.stages() != null)
                .flatMap(flow -> flow.stages().stream())
                .filter(stage -> !stage.equals(TOKEN_STAGE) && !stage.equals(DUMMY_STAGE)).distinct().toList();
        return "Synapse's registration asks for stages the portal cannot complete (" + String.join(", ", others)
                + "): token_store: synapse needs a flow of m.login.registration_token alone; switch off e-mail,"
                + " phone, terms and captcha requirements for registration in Synapse's homeserver.yaml";
    }

    private void countedBySynapse(Reservation reservation) {
        try {
            tokens.countedByHomeserver(reservation);
        } catch (RuntimeException e) {
            // Harmless: the reservation keeps counting beside Synapse's count until it is settled.
            LOG.warn("Could not note that Synapse counted a token use; it is counted twice until the sign-up ends", e);
        }
    }

    private AccountCreation registered(UserId requested, Response response) {
        Optional<UserId> created = SynapseJson.read(response.body(), SynapseJson.Registered.class)
                .flatMap(SynapseJson.Registered::user);
        if (created.isEmpty()) {
            return resolveUnanswered(requested, "POST " + CLIENT_REGISTER + " answered 200 without a readable user_id");
        }
        UserId userId = created.get();
        LOG.info("Created {} through Synapse's registration", userId);
        return new AccountCreation.Created(userId);
    }

    /** As {@link SynapseHomeserverAccounts}: exists now means ours; absent proves nothing yet. */
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

    private AccountCreation misconfigured(String reason) {
        LOG.error("Homeserver settings are wrong: {}", reason);
        return new AccountCreation.Misconfigured(reason);
    }

    private static byte[] body(NewAccount account, Map<String, String> auth) {
        return SynapseJson.write(new SynapseJson.ClientRegister(account.userId().localpart(), account.password(), true,
                auth));
    }

    /** Sets the display name the person chose; Synapse has given the account its localpart as one. */
    private void displayName(UserId userId, String name) {
        Answer answer = http.put(SynapseAccountLookup.ADMIN_USER + URLEncoder.encode(userId.toString(),
                StandardCharsets.UTF_8), SynapseJson.write(Map.of("displayname", name)), adminToken);
        if (!(answer instanceof Response response && response.status() == 200)) {
            LOG.warn("Created {} but could not set its display name", userId);
        }
    }

    // ---------------------------------------------------------------- asking about accounts

    @Override
    public Availability availability(UserId userId) {
        return lookup.clientAvailability(userId);
    }

    @Override
    public Existence exists(UserId userId) {
        return lookup.exists(userId);
    }

    // ---------------------------------------------------------------- health

    @Override
    public String component() {
        return SynapseHomeserverAccounts.COMPONENT;
    }

    /** {@link #diagnose()}, reusing a recent good verdict on the registration flows. */
    @Override
    public HealthReport check() {
        Instant acceptedAt = flowsAcceptedAt;
        boolean recent = acceptedAt != null
                && acceptedAt.plus(Duration.ofMinutes(FLOWS_RECHECK_MINUTES)).isAfter(clock.instant());
        return diagnose(!recent);
    }

    /**
     * Everything that {@code token_store: synapse} needs from Synapse, checked now: it answers, the
     * admin token is an admin's, and its own registration is open and asks for a registration token.
     * Facts: {@code reachable}, {@code version}, {@code admin_token} (accepted, rejected, unknown) and
     * {@code registration} (requires_token, closed, no_token_required, unsupported_stages, unknown).
     */
    public HealthReport diagnose() {
        return diagnose(true);
    }

    private HealthReport diagnose(boolean probeFlows) {
        SynapseDiagnosis reached = reachability.diagnoseWithoutSecret();
        List<String> problems = new ArrayList<>(reached.problems());
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("reachable", Boolean.toString(reached.reachable()));
        reached.serverVersion().ifPresent(version -> facts.put("version", version));
        if (reached.reachable()) {
            facts.put("admin_token", probeAdminToken(problems));
            facts.put("registration", probeFlows ? probeFlows(problems) : "requires_token");
        } else {
            facts.put("admin_token", "unknown");
            facts.put("registration", "unknown");
        }
        if (problems.isEmpty()) {
            return HealthReport.healthy(component(), "Synapse " + reached.serverVersion().map(v -> v + " ").orElse("")
                    + "answers at " + settings.baseUrl() + ", accepts homeserver_admin_token and registers with its"
                    + " registration tokens", facts);
        }
        return HealthReport.unhealthy(component(), String.join("; ", problems), facts);
    }

    private String probeAdminToken(List<String> problems) {
        Answer answer = http.get(ADMIN_PROBE, adminToken);
        if (answer instanceof Failure failure) {
            problems.add("homeserver_admin_token could not be checked: " + failure.detail());
            return "unknown";
        }
        Response response = (Response) answer;
        String errcode = SynapseJson.read(response.body(), MatrixError.class).map(MatrixError::errcode).orElse("");
        if (response.status() == 404 && errcode.equals("M_NOT_FOUND")) {
            return "accepted";
        }
        if (response.status() == 401) {
            problems.add("Synapse does not know homeserver_admin_token (" + errcode + "): set it to the access token of"
                    + " a Synapse admin");
            return "rejected";
        }
        if (response.status() == 403) {
            problems.add("homeserver_admin_token belongs to a user who is not a Synapse admin (" + errcode + "):"
                    + " token_store: synapse reads and writes Synapse's registration tokens with it");
            return "rejected";
        }
        problems.add("homeserver_admin_token could not be checked: GET " + SynapseRegistrationTokens.TOKENS
                + "/... answered HTTP " + response.status() + (errcode.isEmpty() ? "" : " " + errcode)
                + ": check that your reverse proxy forwards /_synapse/admin to Synapse");
        return "unknown";
    }

    private String probeFlows(List<String> problems) {
        Answer answer = http.post(CLIENT_REGISTER, "{}".getBytes(StandardCharsets.UTF_8));
        if (answer instanceof Failure failure) {
            problems.add("Synapse's registration could not be checked: " + failure.detail());
            return "unknown";
        }
        Response response = (Response) answer;
        Optional<SynapseJson.Interactive> interactive = response.status() == 401
                ? SynapseJson.read(response.body(), SynapseJson.Interactive.class).filter(body -> body.flows() != null)
                : Optional.empty();
        if (interactive.isPresent()) {
            if (stagesAfterToken(interactive.get()).isPresent()) {
                flowsAcceptedAt = clock.instant();
                return "requires_token";
            }
            String problem = flowProblem(interactive.get());
            problems.add(problem);
            return problem.equals(NO_TOKEN_REQUIRED) ? "no_token_required" : "unsupported_stages";
        }
        Optional<MatrixError> error = SynapseJson.read(response.body(), MatrixError.class);
        if (response.status() == 403) {
            problems.add(REGISTRATION_CLOSED);
            return "closed";
        }
        problems.add("Synapse's registration could not be checked: POST " + http.uri(CLIENT_REGISTER) + " answered HTTP "
                + response.status() + error.map(MatrixError::errcode).map(code -> " " + code).orElse(""));
        return "unknown";
    }

    @Override
    public String toString() {
        return "SynapseTokenRegistration[" + settings + "]";
    }
}
