package org.matrixregistration.synapse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.synapse.SynapseHttp.Answer;
import org.matrixregistration.synapse.SynapseHttp.Failure;
import org.matrixregistration.synapse.SynapseHttp.Response;
import org.matrixregistration.synapse.SynapseReachability.Reach;

/**
 * The {@code homeserver} health of {@code token_store: synapse}: Synapse answers
 * ({@link SynapseReachability}), {@code homeserver_admin_token} is an admin's, and its own
 * registration is open and asks for a registration token in a flow the portal can complete
 * ({@link RegistrationFlows}). The last costs a user-interactive session in Synapse (which it drops
 * after 48 hours), so {@link #check()} reuses a good verdict for {@value #FLOWS_RECHECK_MINUTES}
 * minutes.
 *
 * <p>Facts: {@code reachable}, {@code version}, {@code admin_token} (accepted, rejected, unknown) and
 * {@code registration} (requires_token, closed, no_token_required, unsupported_stages, unknown).
 */
final class TokenRegistrationHealth {
    static final int FLOWS_RECHECK_MINUTES = 5;
    /** A name no token has ({@code !} is outside the alphabet): a 404 from an admin proves the admin token. */
    static final String ADMIN_PROBE = SynapseRegistrationTokens.TOKENS + "/matrix-registration%21probe";

    private final SynapseSettings settings;
    private final SynapseHttp http;
    private final SynapseReachability reachability;
    private final String adminToken;
    private final RecentVerdict flows;

    TokenRegistrationHealth(SynapseSettings settings, SynapseHttp http, String adminToken, RecentVerdict flows) {
        this.settings = settings;
        this.http = http;
        this.reachability = new SynapseReachability(settings, http);
        this.adminToken = adminToken;
        this.flows = flows;
    }

    /** {@link #diagnose}, reusing a recent good verdict on the registration flows. */
    HealthReport check() {
        return diagnose(!flows.isRecent());
    }

    /** @param probeFlows whether to ask Synapse for its registration flows, or take the last good verdict */
    HealthReport diagnose(boolean probeFlows) {
        Reach reached = reachability.reach();
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
            return HealthReport.healthy(SynapseAccounts.COMPONENT, "Synapse "
                    + reached.serverVersion().map(v -> v + " ").orElse("") + "answers at " + settings.baseUrl()
                    + ", accepts homeserver_admin_token and registers with its registration tokens", facts);
        }
        return HealthReport.unhealthy(SynapseAccounts.COMPONENT, String.join("; ", problems), facts);
    }

    private String probeAdminToken(List<String> problems) {
        Answer answer = http.get(ADMIN_PROBE, adminToken);
        if (answer instanceof Failure failure) {
            problems.add("homeserver_admin_token could not be checked: " + failure.detail());
            return "unknown";
        }
        SynapseAnswer answered = SynapseAnswer.of((Response) answer);
        if (answered.kind() == SynapseAnswer.Kind.NOT_FOUND) {
            return "accepted";
        }
        Optional<String> refused = SetupAdvice.adminToken(answered);
        if (refused.isPresent()) {
            problems.add(refused.get() + " (" + answered.describe() + ")");
            return "rejected";
        }
        problems.add("homeserver_admin_token could not be checked: GET " + SynapseRegistrationTokens.TOKENS
                + "/... answered " + answered.describe() + ": check that your reverse proxy forwards /_synapse/admin to Synapse");
        return "unknown";
    }

    private String probeFlows(List<String> problems) {
        Answer answer = http.post(ClientApiRegistration.CLIENT_REGISTER, "{}".getBytes(StandardCharsets.UTF_8));
        if (answer instanceof Failure failure) {
            problems.add("Synapse's registration could not be checked: " + failure.detail());
            return "unknown";
        }
        Response response = (Response) answer;
        Optional<SynapseJson.Interactive> interactive = ClientApiRegistration.interactive(response);
        if (interactive.isPresent()) {
            if (RegistrationFlows.stagesAfterToken(interactive.get()).isPresent()) {
                flows.accepted();
                return "requires_token";
            }
            String problem = RegistrationFlows.problem(interactive.get());
            problems.add(problem);
            return problem.equals(SetupAdvice.NO_TOKEN_REQUIRED) ? "no_token_required" : "unsupported_stages";
        }
        SynapseAnswer answered = SynapseAnswer.of(response);
        if (answered.kind() == SynapseAnswer.Kind.REGISTRATION_CLOSED) {
            problems.add(SetupAdvice.REGISTRATION_CLOSED);
            return "closed";
        }
        problems.add("Synapse's registration could not be checked: POST " + http.uri(ClientApiRegistration.CLIENT_REGISTER)
                + " answered " + answered.describe());
        return "unknown";
    }
}
