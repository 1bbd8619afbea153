package org.matrixregistration.synapse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.account.AccountCreation;
import org.matrixregistration.core.account.NewAccount;
import org.matrixregistration.core.account.UserId;
import org.matrixregistration.core.token.InviteTokens;
import org.matrixregistration.core.token.Reservation;
import org.matrixregistration.synapse.SynapseAnswer.Kind;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration through Synapse's client API, as Element registers: {@code POST
 * /_matrix/client/v3/register} with {@code inhibit_login} (no session, no device) and user-interactive
 * authentication. The first request opens a session and learns the flows (Synapse checks the
 * username before that, so a taken name costs no token stage); then {@code m.login.registration_token}
 * with the reservation's token; then {@code m.login.dummy}, which creates the account. Once Synapse
 * accepts the token stage it counts the use itself, and the token store is told
 * ({@link InviteTokens#countedByHomeserver}).
 *
 * <p>A request that cannot have created the account yet (any before the last stage) is Unavailable
 * when its answer is lost; the last stage's lost answer is settled by asking whether the account
 * exists. The display name is set after creation with the admin API (the client API's registration
 * has no field for it).
 */
final class ClientApiRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(ClientApiRegistration.class);

    static final String CLIENT_REGISTER = "/_matrix/client/v3/register";
    /** Every sign-up comes from the portal's address, which Synapse's rate limit counts as one client. */
    private static final String RATE_LIMIT_NOTE = " (rc_registration counts every sign-up through the portal as one"
            + " client address)";

    private final SynapseHttp http;
    private final RegistrationOutcomes outcomes;
    private final InviteTokens tokens;
    private final String adminToken;

    ClientApiRegistration(SynapseHttp http, RegistrationOutcomes outcomes, InviteTokens tokens, String adminToken) {
        this.http = http;
        this.outcomes = outcomes;
        this.tokens = tokens;
        this.adminToken = adminToken;
    }

    /** Without a reservation there is no token to present: a bug in the caller, reported as such. */
    AccountCreation withoutReservation() {
        return outcomes.misconfigured("an account can only be made through Synapse's registration tokens with the"
                + " invite token that admitted it");
    }

    AccountCreation create(NewAccount account, Reservation admittedBy) {
        AccountCreation creation = register(account, admittedBy);
        if (creation instanceof AccountCreation.Created created && account.displayName().isPresent()) {
            displayName(created.userId(), account.displayName().get());
        }
        return creation;
    }

    private AccountCreation register(NewAccount account, Reservation admittedBy) {
        UserId userId = account.userId();
        Optional<AccountCreation> otherServer = outcomes.otherServer(userId);
        if (otherServer.isPresent()) {
            return otherServer.get();
        }
        if (!admittedBy.userId().equals(userId)) {
            throw new IllegalArgumentException("the reservation is for another Matrix ID");
        }
        Step first = step(userId, http.post(CLIENT_REGISTER, body(account, null)), false);
        if (first instanceof Done done) {
            return done.creation();
        }
        Interactive session = (Interactive) first;
        Optional<List<String>> stages = RegistrationFlows.stagesAfterToken(session.answer());
        if (stages.isEmpty()) {
            return outcomes.misconfigured(RegistrationFlows.problem(session.answer()));
        }
        List<String> remaining = stages.get();
        Map<String, String> tokenStage = Map.of("type", RegistrationFlows.TOKEN_STAGE, "token", admittedBy.token().value(),
                "session", session.id());
        Step afterToken = step(userId, http.post(CLIENT_REGISTER, body(account, tokenStage)), remaining.isEmpty());
        if (afterToken instanceof Done done) {
            return done.creation();
        }
        Interactive accepted = (Interactive) afterToken;
        if (accepted.refused()) {
            // Used up, expired or deleted in Synapse in the meantime.
            LOG.info("Synapse did not accept the invite token for {}: {}", userId, accepted.answer().errcode());
            return new AccountCreation.Rejected(accepted.answer().errcode(), "The homeserver no longer accepts this invite token.");
        }
        if (!accepted.answer().completed().contains(RegistrationFlows.TOKEN_STAGE)) {
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
                String errcode = answered.answer().errcode();
                String error = answered.answer().error() == null ? "" : answered.answer().error();
                return SynapseAnswer.kind(401, errcode, error) == Kind.USER_IN_USE ? new AccountCreation.Taken(userId)
                        : outcomes.rejected(userId, 401, errcode, error);
            }
        }
        // Every stage done and still no account: Synapse asks for more than its flows said.
        return outcomes.unanswered(userId, "POST " + CLIENT_REGISTER + " still asked for authentication after every stage");
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
            return new Done(creates && failure.maybeDelivered() ? outcomes.unanswered(userId, failure.detail())
                    : outcomes.unavailable(userId, failure.detail(), "The homeserver could not be reached."));
        }
        Response response = (Response) answer;
        Optional<SynapseJson.Interactive> interactive = interactive(response);
        if (interactive.isPresent()) {
            return new Interactive(interactive.get().session(), interactive.get());
        }
        SynapseAnswer answered = SynapseAnswer.of(response);
        String request = "POST " + CLIENT_REGISTER + " answered " + answered.status();
        return new Done(switch (answered.kind()) {
            case SUCCESS -> outcomes.registered(userId, SynapseJson.read(response.body(), SynapseJson.Registered.class),
                    request, " through Synapse's registration");
            case FAILED -> creates ? outcomes.unanswered(userId, request)
                    : outcomes.unavailable(userId, request, "The homeserver failed (HTTP " + answered.status() + ").");
            case REGISTRATION_CLOSED -> outcomes.misconfigured(SetupAdvice.REGISTRATION_CLOSED);
            default -> outcomes.refused(userId, answered, SetupAdvice.notReached("client", http.uri(CLIENT_REGISTER),
                    answered.status(), "/_matrix/client"), RATE_LIMIT_NOTE);
        });
    }

    /** The 401 of user-interactive authentication: a session and its flows. */
    static Optional<SynapseJson.Interactive> interactive(Response response) {
        if (response.status() != 401) {
            return Optional.empty();
        }
        return SynapseJson.read(response.body(), SynapseJson.Interactive.class)
                .filter(body -> body.session() != null && !body.session().isEmpty() && body.flows() != null)
                .map(body -> new SynapseJson.Interactive(body.session(), body.flows(),
                        body.completed() == null ? List.of() : body.completed(), body.errcode(), body.error()));
    }

    private void countedBySynapse(Reservation reservation) {
        try {
            tokens.countedByHomeserver(reservation);
        } catch (RuntimeException e) {
            // Harmless: the reservation keeps counting beside Synapse's count until it is settled.
            LOG.warn("Could not note that Synapse counted a token use; it is counted twice until the sign-up ends", e);
        }
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
}
