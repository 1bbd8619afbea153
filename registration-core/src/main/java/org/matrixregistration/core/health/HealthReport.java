package org.matrixregistration.core.health;

import java.util.Map;
import java.util.Objects;

/**
 * The state of one component: healthy or not, a sentence for people, and facts for machines
 * (e.g. {@code version}, {@code shared_secret}). Never carries a secret.
 */
public record HealthReport(String component, boolean healthy, String detail, Map<String, String> facts) {
    public HealthReport {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(detail, "detail");
        facts = Map.copyOf(facts);
    }

    public static HealthReport healthy(String component, String detail, Map<String, String> facts) {
        return new HealthReport(component, true, detail, facts);
    }

    public static HealthReport unhealthy(String component, String detail, Map<String, String> facts) {
        return new HealthReport(component, false, detail, facts);
    }
}
