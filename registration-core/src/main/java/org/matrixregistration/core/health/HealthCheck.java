package org.matrixregistration.core.health;

/**
 * Something the portal depends on that can say whether it works now (the database, the
 * homeserver). Checks must be cheap, side-effect free and bounded in time.
 */
public interface HealthCheck {

    /** A short stable name, e.g. {@code database} or {@code homeserver}. */
    String component();

    HealthReport check();

    /**
     * Whether the portal is not ready while this check fails. A non-essential check (where
     * registration requests are announced) is reported but never takes the portal out of service.
     */
    default boolean essential() {
        return true;
    }
}
