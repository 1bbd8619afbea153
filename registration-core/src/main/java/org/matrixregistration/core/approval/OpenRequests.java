package org.matrixregistration.core.approval;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.matrixregistration.core.health.HealthCheck;
import org.matrixregistration.core.health.HealthReport;

/**
 * The {@code registration_requests} readiness detail: how many requests wait for a decision, and
 * how many need attention (a step failed half-way; deciding again finishes them). Not essential:
 * it tells an admin there is work, it never takes the portal out of service.
 */
public final class OpenRequests implements HealthCheck {
    private final RegistrationRequests requests;

    public OpenRequests(RegistrationRequests requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public String component() {
        return "registration_requests";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public HealthReport check() {
        int pending = requests.list(Optional.of(RequestStatus.PENDING), DecideRequests.MAX_LIST).size();
        int attention = requests.list(Optional.of(RequestStatus.NEEDS_ATTENTION), DecideRequests.MAX_LIST).size();
        Map<String, String> facts = Map.of("pending", Integer.toString(pending), "needs_attention",
                Integer.toString(attention));
        if (attention > 0) {
            return HealthReport.unhealthy(component(), attention + " registration request" + (attention == 1 ? " needs"
                    : "s need") + " attention: decide " + (attention == 1 ? "it" : "them") + " again to finish", facts);
        }
        return HealthReport.healthy(component(), pending + " registration request" + (pending == 1 ? " waits" : "s wait")
                + " for a decision", facts);
    }
}
