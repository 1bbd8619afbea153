package org.matrixregistration.synapse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.matrixregistration.core.health.HealthReport;
import org.matrixregistration.synapse.SynapseDiagnosis.SharedSecret;
import org.matrixregistration.synapse.SynapseReachability.Reach;

/**
 * The {@code homeserver} health of shared-secret registration: Synapse answers
 * ({@link SynapseReachability}) and accepts the shared secret
 * ({@link SharedSecretRegistration#probeSecret}). Synapse hashes the probe's (empty) password before
 * it checks the MAC, so {@link #check()} reuses an accepted verdict for
 * {@value #SECRET_RECHECK_MINUTES} minutes instead of spending a hash on every readiness probe.
 */
final class SharedSecretHealth {
    static final int SECRET_RECHECK_MINUTES = 5;

    private final SynapseSettings settings;
    private final SynapseReachability reachability;
    private final SharedSecretRegistration registration;
    private final RecentVerdict secret;

    /** @param secret the recent verdict on the shared secret, which registrations forget when it is refused */
    SharedSecretHealth(SynapseSettings settings, SynapseReachability reachability, SharedSecretRegistration registration,
            RecentVerdict secret) {
        this.settings = settings;
        this.reachability = reachability;
        this.registration = registration;
        this.secret = secret;
    }

    HealthReport check() {
        SynapseDiagnosis diagnosis = diagnose(!secret.isRecent());
        Map<String, String> facts = diagnosis.facts();
        if (diagnosis.healthy()) {
            String detail = "Synapse " + diagnosis.serverVersion().map(v -> v + " ").orElse("")
                    + "answers at " + settings.baseUrl() + " and accepts the shared secret";
            return HealthReport.healthy(SynapseAccounts.COMPONENT, detail, facts);
        }
        String detail = diagnosis.problems().isEmpty() ? "Synapse is not usable" : String.join("; ", diagnosis.problems());
        return HealthReport.unhealthy(SynapseAccounts.COMPONENT, detail, facts);
    }

    /** @param probeSecret whether to ask Synapse about the shared secret, or take it as accepted */
    SynapseDiagnosis diagnose(boolean probeSecret) {
        Reach reached = reachability.reach();
        if (!reached.answered()) {
            return new SynapseDiagnosis(false, List.of(), Optional.empty(), SharedSecret.UNKNOWN, reached.problems());
        }
        List<String> problems = new ArrayList<>(reached.problems());
        SharedSecret verdict = probeSecret ? registration.probeSecret(problems) : SharedSecret.ACCEPTED;
        if (probeSecret && verdict == SharedSecret.ACCEPTED) {
            secret.accepted();
        }
        return new SynapseDiagnosis(reached.reachable(), reached.specVersions(), reached.serverVersion(), verdict, problems);
    }
}
